import Foundation
import HTTPClient
import Shared

/// JobAdder's OAuth2 authorization-code flow: the authorize URL, the code exchange and token refresh.
///
/// Every call is one attempt; failures come back as `JobAdderError` (`isRetryable` says whether a later try
/// can help, `.invalidGrant` means the org must reconnect). Secrets never appear in errors or logs.
public struct JobAdderOAuth: Sendable {
    public let clientID: String
    private let clientSecret: String
    public let authorizeURL: String
    public let tokenURL: String
    public let redirectURI: String
    public let scopes: [String]
    private let http: HTTPClient

    /// - Parameters:
    ///   - authorizeURL: for example `https://id.jobadder.com/connect/authorize`.
    ///   - tokenURL: for example `https://id.jobadder.com/connect/token`.
    ///   - redirectURI: the callback registered with JobAdder.
    ///   - http: the client for token requests; a small one is made when omitted.
    public init(
        clientID: String,
        clientSecret: String,
        authorizeURL: String,
        tokenURL: String,
        redirectURI: String,
        scopes: [String] = ["read", "write", "offline_access"],
        http: HTTPClient = HTTPClient(maxConnections: 4)
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.authorizeURL = authorizeURL
        self.tokenURL = tokenURL
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.http = http
    }

    /// The URL to send an org admin to; `state` comes back unchanged on the callback.
    public func authorizeURL(state: String) -> String {
        let query = FormEncoding.encode([
            ("response_type", "code"),
            ("client_id", clientID),
            ("scope", scopes.joined(separator: " ")),
            ("redirect_uri", redirectURI),
            ("state", state),
        ])
        return authorizeURL + (authorizeURL.contains("?") ? "&" : "?") + query
    }

    /// Exchanges the callback's one-time `code` for tokens.
    /// - Throws: `JobAdderError.invalidGrant` for an unknown, used or expired code.
    public func exchange(code: String) throws -> JobAdderTokens {
        let tokens = try requestTokens(
            [
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirectURI),
            ],
            isRefresh: false
        )
        guard !tokens.apiBaseURL.isEmpty else {
            throw JobAdderError.invalidResponse(endpoint: "connect/token", reason: "no api base URL")
        }
        return tokens
    }

    /// Gets a new access token and a new (rotated) refresh token. If JobAdder omits the refresh token, the
    /// one passed in is kept.
    /// - Throws: `JobAdderError.invalidGrant` when JobAdder refuses the refresh token.
    public func refresh(refreshToken: String) throws -> JobAdderTokens {
        var tokens = try requestTokens(
            [
                ("grant_type", "refresh_token"),
                ("refresh_token", refreshToken),
            ],
            isRefresh: true
        )
        if tokens.refreshToken.isEmpty {
            tokens.refreshToken = refreshToken
        }
        return tokens
    }

    private func requestTokens(_ grant: [(String, String)], isRefresh: Bool) throws -> JobAdderTokens {
        let endpoint = "connect/token"
        let form = [("client_id", clientID), ("client_secret", clientSecret)] + grant
        let request = HTTPClientRequest(
            method: "POST",
            url: tokenURL,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: Array(FormEncoding.encode(form).utf8)
        )

        let started = ProcessInfo.processInfo.systemUptime
        let response: HTTPClientResponse
        do {
            response = try http.execute(request)
        } catch let error as HTTPClientError {
            JobAdderMetrics.record(endpoint: endpoint, status: error.kind.rawValue, seconds: elapsed(since: started))
            throw JobAdderError.network(endpoint: endpoint, kind: error.kind, attempts: 1)
        }
        JobAdderMetrics.record(endpoint: endpoint, status: String(response.status), seconds: elapsed(since: started))

        switch response.status {
        case 200...299:
            do {
                return try JSONDecoder().decode(JobAdderTokens.self, from: Data(response.body))
            } catch {
                throw JobAdderError.invalidResponse(endpoint: endpoint, reason: "token response: \(type(of: error))")
            }
        case 429:
            let retryAfter = response.header("retry-after").flatMap { RetryAfter.seconds(from: $0) }
            throw JobAdderError.rateLimited(endpoint: endpoint, retryAfter: retryAfter)
        case 500...599:
            throw JobAdderError.serverError(endpoint: endpoint, status: response.status, attempts: 1)
        default:
            let failure = try? JSONDecoder().decode(OAuthErrorBody.self, from: Data(response.body))
            let code = failure?.error ?? "http_\(response.status)"
            if code == "invalid_grant" || (isRefresh && code == "invalid_request") {
                throw JobAdderError.invalidGrant(reason: code)
            }
            throw JobAdderError.tokenRequestFailed(status: response.status, error: String(code.prefix(60)))
        }
    }

    private func elapsed(since start: Double) -> Double {
        ProcessInfo.processInfo.systemUptime - start
    }
}

/// The standard OAuth error body: `{ error, error_description }`. Only `error` is used, because the
/// description is free text.
private struct OAuthErrorBody: Decodable {
    var error: String?
}
