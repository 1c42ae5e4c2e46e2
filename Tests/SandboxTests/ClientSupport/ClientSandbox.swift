import Foundation
import HTTPClient
import JobAdder
import Sandbox
import Shared

/// A private sandbox on a free port with one freshly created account, and helpers that drive `JobAdder`'s
/// client against it. Every instance is independent, so suites may run in parallel.
final class ClientSandbox: Sendable {
    let server: SandboxServer
    let http = HTTPClient(maxConnections: 32, connectTimeout: 5, requestTimeout: 30)
    let clientID = "client-" + UUID().uuidString.prefix(8).lowercased()
    let clientSecret = "secret-" + UUID().uuidString.lowercased()
    let redirectURI = "http://127.0.0.1:9/callback"
    let accountID: Int
    /// Contact statuses of the account by name.
    let statuses: [String: Int]

    init(rateLimit: Double? = nil) throws {
        var configuration = SandboxConfiguration()
        configuration.seed = .none
        configuration.threadCount = 16
        server = try SandboxServer(configuration: configuration, logger: Logger(label: "sandbox", logLevel: .error))

        var spec = "{\"clientId\":\"\(clientID)\",\"clientSecret\":\"\(clientSecret)\""
        if let rateLimit { spec += ",\"rateLimit\":\(rateLimit)" }
        spec += "}"
        let created = try Self.object(try Self.send(http, "POST", server.baseURL + "/_sandbox/accounts", spec))
        accountID = created["accountId"] as? Int ?? 0
        var statuses = [String: Int]()
        for case let status as [String: Any] in created["statuses"] as? [Any] ?? [] {
            if let name = status["name"] as? String, let id = status["statusId"] as? Int { statuses[name] = id }
        }
        self.statuses = statuses
    }

    func stop() {
        server.stop()
    }

    // MARK: Control API

    /// Calls `/_sandbox/accounts/<id><path>` and returns the parsed JSON object.
    @discardableResult
    func control(_ method: String, _ path: String, _ body: String? = nil) throws -> [String: Any] {
        let url = server.baseURL + "/_sandbox/accounts/\(accountID)" + path
        return try Self.object(try Self.send(http, method, url, body))
    }

    /// Changes account settings (`rateLimit`, `accessTokenTTL`, `faults`).
    func settings(_ json: String) throws {
        try control("PUT", "/settings", json)
    }

    /// Creates `count` contacts, optionally in the status `status`, and returns their ids.
    func addContacts(count: Int, status: String? = nil) throws -> [Int] {
        let statusField = status.map { ",\"status\":\"\($0)\"" } ?? ""
        let answer = try control("POST", "/contacts", "{\"count\":\(count)\(statusField)}")
        return answer["contactIds"] as? [Int] ?? []
    }

    /// How many requests the sandbox answered for a route class such as `POST /connect/token`, optionally
    /// only those answered with `status`.
    func requestCount(_ routeClass: String, status: Int? = nil) throws -> Int {
        let stats = try Self.object(try Self.send(http, "GET", server.baseURL + "/_sandbox/stats", nil))
        let byStatus = (stats["requests"] as? [String: Any])?[routeClass] as? [String: Int] ?? [:]
        if let status { return byStatus[String(status)] ?? 0 }
        return byStatus.values.reduce(0, +)
    }

    // MARK: OAuth and clients

    func makeOAuth() -> JobAdderOAuth {
        JobAdderOAuth(
            clientID: clientID,
            clientSecret: clientSecret,
            authorizeURL: server.baseURL + "/connect/authorize",
            tokenURL: server.baseURL + "/connect/token",
            redirectURI: redirectURI,
            http: http
        )
    }

    /// Follows `/connect/authorize` by hand (no redirect following) and returns the callback URL.
    func authorizeCallback(state: String = "state-1") throws -> String {
        let response = try http.execute(HTTPClientRequest(url: makeOAuth().authorizeURL(state: state)))
        guard response.status == 302, let location = response.header("location") else {
            throw HarnessError("authorize answered \(response.status)")
        }
        return location
    }

    /// A full connect: authorize, read `code`, exchange, store the tokens under a new org.
    func connect(_ store: InMemoryTokenStore) throws -> (JobAdderAccountKey, JobAdderTokens) {
        let callback = try authorizeCallback()
        guard let code = URLComponents(string: callback)?.queryItems?.first(where: { $0.name == "code" })?.value
        else { throw HarnessError("no code in the callback") }
        let tokens = try makeOAuth().exchange(code: code)
        let account = JobAdderAccountKey(orgID: UUID())
        store.connect(account, tokens: tokens)
        return (account, tokens)
    }

    func makeClient(
        _ store: InMemoryTokenStore,
        retryPolicy: JobAdderRetryPolicy = JobAdderRetryPolicy(baseDelay: 0.05, maxDelay: 0.5),
        pacer: any JobAdderPacer = UnpacedPacer()
    ) -> JobAdderClient {
        JobAdderClient(
            oauth: makeOAuth(),
            http: http,
            tokenStore: store,
            pacer: pacer,
            retryPolicy: retryPolicy,
            logger: Logger(label: "jobadder-test", logLevel: .error)
        )
    }

    // MARK: Plumbing

    private static func send(_ http: HTTPClient, _ method: String, _ url: String, _ body: String?) throws
        -> HTTPClientResponse
    {
        let request = HTTPClientRequest(
            method: method,
            url: url,
            headers: body == nil ? [] : [("Content-Type", "application/json")],
            body: body.map { Array($0.utf8) }
        )
        let response = try http.execute(request)
        guard (200...299).contains(response.status) else {
            throw HarnessError("\(method) \(url) answered \(response.status): \(response.bodyText.prefix(200))")
        }
        return response
    }

    private static func object(_ response: HTTPClientResponse) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw HarnessError("not a JSON object")
        }
        return object
    }
}

/// A test-setup failure with a readable message.
struct HarnessError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
