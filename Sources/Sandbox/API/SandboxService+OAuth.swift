import Foundation
import HTTPServer

extension SandboxService {
    /// `GET /connect/authorize`: approves at once as the account's acting user and redirects with a
    /// single-use `code`, or with `error=access_denied` when the account is set to deny.
    /// An unknown client or a redirect URI outside the account's prefixes gets a 400 page, never a redirect.
    func authorize(_ request: HTTPRequest) -> HTTPResponse {
        func value(_ name: String) -> String? { request.queryValues(name, caseInsensitive: true).first }
        guard let clientId = value("client_id"), let account = registry.account(clientId: clientId) else {
            return Replies.oauth("invalid_client", "unknown client_id")
        }
        guard let redirectURI = value("redirect_uri"), !redirectURI.isEmpty else {
            return Replies.oauth("invalid_request", "redirect_uri is required")
        }
        let (prefixes, denies) = account.state.withLock { ($0.redirectPrefixes, $0.settings.denyAuthorize) }
        guard prefixes.contains(where: { redirectURI.hasPrefix($0) }) else {
            return Replies.oauth("invalid_request", "redirect_uri is not registered for this client")
        }
        var parameters: [(String, String)] = []
        if value("response_type") != "code" {
            parameters.append(("error", "unsupported_response_type"))
        } else if denies {
            parameters.append(("error", "access_denied"))
        } else {
            let grant = TokenRegistry.CodeGrant(
                accountId: account.accountId,
                clientId: clientId,
                redirectURI: redirectURI,
                scope: value("scope") ?? "",
                expiresAt: Timestamp.now() + Int64(configuration.authorizationCodeTTLSeconds) * 1000
            )
            parameters.append(("code", tokens.issueCode(grant)))
        }
        if let state = value("state") {
            parameters.append(("state", state))
        }
        let separator = redirectURI.contains("?") ? "&" : "?"
        return .redirect(redirectURI + separator + FormCoding.query(parameters))
    }

    /// `POST /connect/token` (form-encoded): `authorization_code` and `refresh_token` grants.
    /// Client credentials come from the form or HTTP Basic. Refresh tokens rotate on every use.
    func token(_ request: HTTPRequest) -> HTTPResponse {
        var form: [String: String] = [:]
        for (name, value) in FormCoding.decode(request.body) {
            form[name] = value
        }
        if let basic = request.header("authorization"), basic.lowercased().hasPrefix("basic "),
            let decoded = decodeBasic(String(basic.dropFirst(6)))
        {
            form["client_id"] = form["client_id"] ?? decoded.0
            form["client_secret"] = form["client_secret"] ?? decoded.1
        }
        guard let grantType = form["grant_type"] else {
            return Replies.oauth("invalid_request", "grant_type is required")
        }
        guard let clientId = form["client_id"], let account = registry.account(clientId: clientId) else {
            return Replies.oauth("invalid_client", "unknown client")
        }
        let (secret, faults, ttl) = account.state.withLock {
            ($0.clientSecret, $0.settings.faults, $0.settings.accessTokenTTL ?? configuration.accessTokenTTLSeconds)
        }
        if faults.appliesToTokenEndpoint, let failure = Self.injectFault(faults) {
            return failure
        }
        guard form["client_secret"] == secret else {
            return Replies.oauth("invalid_client", "client authentication failed")
        }
        let now = Timestamp.now()
        let issued: TokenRegistry.Issued
        switch grantType {
        case "authorization_code":
            guard let code = form["code"], let grant = tokens.redeemCode(code) else {
                return Replies.oauth("invalid_grant", "authorization code is unknown or already used")
            }
            guard grant.expiresAt > now else {
                return Replies.oauth("invalid_grant", "authorization code has expired")
            }
            guard grant.clientId == clientId, grant.redirectURI == form["redirect_uri"] else {
                return Replies.oauth("invalid_grant", "redirect_uri or client does not match the authorization")
            }
            let offline = grant.scope.split(separator: " ").contains("offline_access")
            issued = tokens.issue(
                accountId: grant.accountId,
                clientId: clientId,
                scope: grant.scope,
                ttlSeconds: ttl,
                withRefresh: offline,
                now: now
            )
        case "refresh_token":
            guard let refresh = form["refresh_token"], let grant = tokens.takeRefresh(refresh),
                grant.clientId == clientId
            else {
                return Replies.oauth("invalid_grant", "refresh token is invalid, used or revoked")
            }
            issued = tokens.issue(
                accountId: grant.accountId,
                clientId: clientId,
                scope: grant.scope,
                ttlSeconds: ttl,
                withRefresh: true,
                now: now
            )
        default:
            return Replies.oauth("unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
        }
        return Replies.json(200, tokenBody(issued, accountId: account.accountId))
    }

    /// The token response body JobAdder documents, with `api` pointing at this sandbox.
    func tokenBody(_ issued: TokenRegistry.Issued, accountId: Int) -> JSONValue {
        [
            "access_token": .string(issued.accessToken), "expires_in": .int(issued.expiresIn),
            "token_type": "Bearer", "refresh_token": .optional(issued.refreshToken), "api": .string(apiBase),
            "instance": .string("sandbox-\(accountId)"), "account": .int(accountId),
        ]
    }

    private func decodeBasic(_ encoded: String) -> (String, String)? {
        guard let data = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (
            FormCoding.unescape(Array(text[..<colon].utf8)),
            FormCoding.unescape(Array(text[text.index(after: colon)...].utf8))
        )
    }
}
