import Foundation
import HTTPServer
import Shared
import Synchronization

/// The sandbox's request handling and state; `SandboxServer` wires it to an `HTTPServer`.
///
/// Route groups live in `SandboxService+*.swift`. Every answer goes through `handle`, which also
/// counts requests by route class and status.
final class SandboxService: Sendable {
    let configuration: SandboxConfiguration
    let logger: Logger
    let registry = AccountRegistry()
    let tokens = TokenRegistry()
    let statistics = RequestStatistics()
    let dispatcher: WebhookDispatcher
    private let address = Mutex<String>("http://127.0.0.1:0")

    init(configuration: SandboxConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.dispatcher = WebhookDispatcher(
            retrySeconds: configuration.webhookRetrySeconds,
            timeoutSeconds: configuration.webhookTimeoutSeconds,
            logger: logger
        )
    }

    /// Records the address the server is reachable at, for `api` values and paging links.
    func bind(host: String, port: UInt16) {
        address.withLock { $0 = "http://\(host):\(port)" }
    }

    var baseURL: String { address.withLock { $0 } }
    var apiBase: String { baseURL + "/v2" }

    func shutdown() {
        dispatcher.shutdown()
    }

    /// Loads the configured seed into an empty sandbox.
    func loadSeed() {
        if configuration.seed == .demo {
            DemoSeed.load(into: self)
        }
    }

    /// Entry point for every request; never throws, never crashes on input.
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        let routeClass: String
        let response: HTTPResponse
        if path == "/v2" || path.hasPrefix("/v2/") {
            (routeClass, response) = handleAPI(request)
        } else if path == "/connect/authorize" {
            routeClass = "GET /connect/authorize"
            response = request.method == "GET" ? authorize(request) : Replies.methodNotAllowed()
        } else if path == "/connect/token" {
            routeClass = "POST /connect/token"
            response = request.method == "POST" ? token(request) : Replies.methodNotAllowed()
        } else if path == "/_sandbox" || path.hasPrefix("/_sandbox/") {
            routeClass = "control"
            response = handleControl(request)
        } else if path == "/" || path == "/health" {
            routeClass = "health"
            response = Replies.json(200, ["status": "ok"])
        } else {
            routeClass = "unknown"
            response = Replies.notFound()
        }
        statistics.record(routeClass: routeClass, status: response.dropsConnection ? 0 : response.status)
        return response
    }

    /// The path below a prefix split into non-empty components.
    static func components(_ path: String, below prefix: String) -> [String] {
        path.dropFirst(prefix.count).split(separator: "/").map(String.init)
    }

    /// Parses a JSON body; nil when it is not JSON.
    static func parseBody(_ request: HTTPRequest) -> JSONValue? {
        try? JSONParser.parse(request.body)
    }

    /// Sleeps, drops or fails per `faults`; nil when the request should proceed normally.
    static func injectFault(_ faults: FaultSettings) -> HTTPResponse? {
        if faults.latencyMaxMs > 0 {
            let low = max(0, min(faults.latencyMinMs, faults.latencyMaxMs))
            let delay = Int.random(in: low...faults.latencyMaxMs)
            if delay > 0 {
                usleep(UInt32(delay) * 1000)
            }
        }
        if faults.dropRate > 0, Double.random(in: 0..<1) < faults.dropRate {
            return .dropConnection()
        }
        if faults.errorRate > 0, Double.random(in: 0..<1) < faults.errorRate {
            let status = faults.errorStatuses.randomElement() ?? 500
            return status == 500 ? .empty(status) : .text(status, "Service temporarily unavailable")
        }
        return nil
    }
}
