import CMicroHTTPD
import Shared
import Synchronization

/// An embedded HTTP/1.1 server over libmicrohttpd with a pool of polling threads (epoll on Linux).
///
/// The handler runs on the pool's threads and may block; keep-alive is on. Bodies larger than
/// `maxBodyBytes` are answered with 413 without reaching the handler. `stop()` stops accepting,
/// waits for handlers in flight and is safe to call twice. Never call `stop()` from inside the handler.
public final class HTTPServer: Sendable {
    /// The bound port (the real one when 0 was asked for).
    public let port: UInt16
    public let host: String

    private let daemon: Mutex<DaemonHandle?>
    private let core: ServerCore

    /// Binds and starts serving at once; throws `HTTPServerError` when the address cannot be bound.
    public init(
        host: String = "127.0.0.1",
        port: UInt16,
        maxBodyBytes: Int,
        threadCount: Int,
        logger: Logger,
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) throws {
        let core = ServerCore(maxBodyBytes: maxBodyBytes, logger: logger, handler: handler)
        let context = Unmanaged.passRetained(core).toOpaque()
        let started = handover_mhd_start(
            host,
            port,
            UInt32(max(1, threadCount)),
            120,
            handoverHTTPAccess,
            context,
            handoverHTTPCompleted,
            context
        )
        guard let started else {
            Unmanaged<ServerCore>.fromOpaque(context).release()
            throw HTTPServerError(host: host, port: port)
        }
        self.core = core
        self.host = host
        self.port = handover_mhd_bound_port(started)
        self.daemon = Mutex(DaemonHandle(pointer: started, context: context))
        logger.debug("http server started", ["host": host, "port": String(self.port)])
    }

    /// Stops accepting, waits for handlers in flight and frees the daemon. Idempotent.
    public func stop() {
        let handle = daemon.withLock { current -> DaemonHandle? in
            let taken = current
            current = nil
            return taken
        }
        guard let handle else { return }
        MHD_stop_daemon(handle.pointer)
        Unmanaged<ServerCore>.fromOpaque(handle.context).release()
        core.logger.debug("http server stopped", ["port": String(port)])
    }

    deinit {
        stop()
    }
}

/// The daemon pointer and the retained context it was started with; owned by one `HTTPServer`.
struct DaemonHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    let context: UnsafeMutableRawPointer
}

/// What the C callbacks need: limits, logger and the Swift handler. Immutable, so shared freely.
final class ServerCore: Sendable {
    let maxBodyBytes: Int
    let logger: Logger
    let handler: @Sendable (HTTPRequest) -> HTTPResponse

    init(maxBodyBytes: Int, logger: Logger, handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
        self.handler = handler
    }
}
