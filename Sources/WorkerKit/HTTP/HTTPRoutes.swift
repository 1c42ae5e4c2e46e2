import HTTPServer
import Shared

/// A worker's HTTP surface: its own routes first, then `/healthz` and `/metrics`.
public struct HTTPRoutes: Sendable {
    /// Returns a response for requests it serves, nil for the rest.
    public typealias Route = @Sendable (HTTPRequest) -> HTTPResponse?

    private let routes: [Route]
    private let health: @Sendable () -> HealthReport

    public init(routes: [Route], health: @escaping @Sendable () -> HealthReport) {
        self.routes = routes
        self.health = health
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        for route in routes {
            if let response = route(request) { return response }
        }
        switch (request.method, request.path) {
        case ("GET", "/healthz"):
            let report = health()
            return .json(report.isHealthy ? 200 : 503, report.json)
        case ("GET", "/metrics"):
            var response = HTTPResponse.text(200, MetricsRegistry.shared.render())
            response.headers = [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")]
            return response
        default:
            return .json(404, #"{"error":"not found"}"#)
        }
    }
}

/// The answer to `/healthz`.
public struct HealthReport: Sendable {
    public var checks: [String: Bool]

    public init(checks: [String: Bool]) { self.checks = checks }

    public var isHealthy: Bool { checks.values.allSatisfy { $0 } }

    var json: String {
        let parts = checks.keys.sorted().map {
            "\(JSONText.quote($0)):\(checks[$0] == true ? "\"ok\"" : "\"failing\"")"
        }
        return "{\"status\":\(isHealthy ? "\"ok\"" : "\"failing\""),\"checks\":{\(parts.joined(separator: ","))}}"
    }
}
