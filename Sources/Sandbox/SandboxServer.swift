import HTTPServer
import Shared

/// A running JobAdder stand-in: OAuth at `/connect/*`, the API at `/v2/*`, control at `/_sandbox/*`.
///
/// Starts listening in `init`; `stop()` stops accepting, waits for requests in flight and cancels
/// pending webhook deliveries. See `Sources/Sandbox/README.md` for the full contract.
public final class SandboxServer: Sendable {
    public let configuration: SandboxConfiguration
    private let service: SandboxService
    private let http: HTTPServer

    /// Seeds per `configuration.seed` and binds; throws `HTTPServerError` when the port cannot be bound.
    public init(configuration: SandboxConfiguration, logger: Logger = Logger(label: "sandbox")) throws {
        let service = SandboxService(configuration: configuration, logger: logger)
        self.configuration = configuration
        self.service = service
        self.http = try HTTPServer(
            host: configuration.host,
            port: configuration.port,
            maxBodyBytes: configuration.maxBodyBytes,
            threadCount: configuration.threadCount,
            logger: logger
        ) { request in
            service.handle(request)
        }
        service.bind(host: configuration.host, port: http.port)
        service.loadSeed()
    }

    /// The bound port.
    public var port: UInt16 { http.port }

    /// `http://<host>:<port>`, the root for `/connect/...` and `/_sandbox/...`.
    public var baseURL: String { "http://\(configuration.host):\(port)" }

    /// The `api` value returned with tokens: `<baseURL>/v2`.
    public var apiBaseURL: String { baseURL + "/v2" }

    /// Stops serving and delivering. Idempotent.
    public func stop() {
        http.stop()
        service.shutdown()
    }
}
