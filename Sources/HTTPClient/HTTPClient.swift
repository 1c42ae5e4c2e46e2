import Dispatch
import Synchronization

/// A blocking HTTP/1.1 client over libcurl that keeps connections alive between requests.
///
/// Each in-flight request borrows one libcurl easy handle from a pool and returns it afterwards, so the
/// handle's cached connection is reused by the next request to the same host. At most `maxConnections`
/// requests run at once; further callers wait for a free handle. `execute` blocks the calling thread for the
/// whole exchange: call it from threads you own, never from Swift's cooperative pool. libcurl runs with
/// `CURLOPT_NOSIGNAL`, so no signals are raised for timeouts.
public final class HTTPClient: Sendable {
    public let maxConnections: Int
    public let connectTimeout: Double
    public let requestTimeout: Double

    private let slots: DispatchSemaphore
    private let idleHandles = Mutex<[CurlEasyHandle]>([])
    private let openedConnections = Atomic<Int>(0)

    /// - Parameters:
    ///   - maxConnections: requests allowed in flight at once (and connections kept open).
    ///   - connectTimeout: seconds allowed to open a connection.
    ///   - requestTimeout: seconds allowed for a whole request when the request sets none.
    public init(maxConnections: Int = 32, connectTimeout: Double = 5, requestTimeout: Double = 30) {
        self.maxConnections = max(1, maxConnections)
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        slots = DispatchSemaphore(value: self.maxConnections)
    }

    deinit {
        idleHandles.withLock { handles in
            for handle in handles { handle.close() }
            handles.removeAll()
        }
    }

    /// How many TCP connections this client has opened so far; far fewer than requests when keep-alive works.
    public var connectionsOpened: Int {
        openedConnections.load(ordering: .relaxed)
    }

    /// Sends `request` and waits for the whole response.
    ///
    /// Any HTTP status is a response, not an error.
    /// - Throws: `HTTPClientError` when no complete response arrived (connect failure, timeout, dropped
    ///   connection). A handle whose transfer failed is discarded rather than reused.
    public func execute(_ request: HTTPClientRequest) throws -> HTTPClientResponse {
        slots.wait()
        defer { slots.signal() }

        let handle = try idleHandles.withLock { $0.popLast() } ?? CurlEasyHandle()
        do {
            let result = try handle.perform(
                request,
                connectTimeout: connectTimeout,
                timeout: request.timeout ?? requestTimeout
            )
            openedConnections.add(result.newConnections, ordering: .relaxed)
            idleHandles.withLock { $0.append(handle) }
            return result.response
        } catch {
            handle.close()
            throw error
        }
    }
}
