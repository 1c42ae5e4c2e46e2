import Foundation
import Sandbox
import Shared

/// A sandbox on a free port with the demo seed, plus helpers to call it over real HTTP.
final class SandboxHarness: Sendable {
    let server: SandboxServer
    let client = TestClient()

    init(_ configure: (inout SandboxConfiguration) -> Void = { _ in }) throws {
        var configuration = SandboxConfiguration()
        configuration.seed = .demo
        configuration.webhookRetrySeconds = 0.05
        configuration.webhookTimeoutSeconds = 10
        configure(&configuration)
        server = try SandboxServer(
            configuration: configuration,
            logger: Logger(label: "sandbox-test", logLevel: .error)
        )
    }

    var base: String { server.baseURL }
    var api: String { server.apiBaseURL }

    func stop() {
        client.invalidate()
        server.stop()
    }

    /// A fresh access token for the demo account (or `accountId`) minted through the control API.
    func token(accountId: Int = 1001) async throws -> String {
        let response = try await control("POST", "/accounts/\(accountId)/tokens")
        return response.object?["access_token"] as? String ?? ""
    }

    /// Calls `/v2<path>` with a bearer token.
    func call(_ method: String, _ path: String, token: String, body: String? = nil) async throws -> TestResponse {
        try await client.send(method, api + path, headers: ["Authorization": "Bearer \(token)"], body: body)
    }

    /// Calls `/_sandbox<path>`.
    func control(_ method: String, _ path: String, body: String? = nil) async throws -> TestResponse {
        try await client.send(method, base + "/_sandbox" + path, body: body)
    }

    /// Runs the OAuth dance and returns the token response body.
    func authorize(scope: String = "read write offline_access", redirect: String = "http://127.0.0.1:9/cb")
        async throws -> TestResponse
    {
        let code = try await authorizationCode(scope: scope, redirect: redirect)
        return try await exchange(code: code ?? "", redirect: redirect)
    }

    /// The `code` from `/connect/authorize`, or nil when the redirect carries none.
    func authorizationCode(scope: String = "read write offline_access", redirect: String = "http://127.0.0.1:9/cb")
        async throws -> String?
    {
        let location = try await authorizeRedirect(scope: scope, redirect: redirect)
        return URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value
    }

    /// The `Location` of the authorize redirect.
    func authorizeRedirect(scope: String = "read write offline_access", redirect: String = "http://127.0.0.1:9/cb")
        async throws -> String
    {
        var components = URLComponents(string: base + "/connect/authorize")
        components?.queryItems = [
            URLQueryItem(name: "response_type", value: "code"), URLQueryItem(name: "client_id", value: "demo-client"),
            URLQueryItem(name: "redirect_uri", value: redirect), URLQueryItem(name: "scope", value: scope),
            URLQueryItem(name: "state", value: "s-1"),
        ]
        let response = try await client.send("GET", components?.url?.absoluteString ?? "")
        return response.headers["location"] ?? ""
    }

    func exchange(code: String, redirect: String = "http://127.0.0.1:9/cb") async throws -> TestResponse {
        let form =
            "grant_type=authorization_code&client_id=demo-client&client_secret=demo-secret&code=\(code)"
            + "&redirect_uri=" + (redirect.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return try await client.send(
            "POST",
            base + "/connect/token",
            body: form,
            contentType: "application/x-www-form-urlencoded"
        )
    }

    func refresh(_ refreshToken: String) async throws -> TestResponse {
        let form =
            "grant_type=refresh_token&client_id=demo-client&client_secret=demo-secret&refresh_token=\(refreshToken)"
        return try await client.send(
            "POST",
            base + "/connect/token",
            body: form,
            contentType: "application/x-www-form-urlencoded"
        )
    }

    /// Demo status id by name.
    func statusId(_ name: String, token: String) async throws -> Int {
        let list = try await call("GET", "/contacts/lists/status", token: token)
        return list.items.first { $0["name"] as? String == name }?["statusId"] as? Int ?? -1
    }
}

/// Polls `condition` until it holds or `seconds` pass; returns whether it held.
func eventually(seconds: Double = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(nanoseconds: 50_000_000)
    }
    return try await condition()
}
