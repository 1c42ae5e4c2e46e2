import Foundation
import Postgres
import Synchronization

/// A small pool of database connections for threads that do not own one (HTTP handler threads).
///
/// A connection is lent to one thread at a time, so each `PostgresConnection` still has a single user.
/// Connections that fail are reconnected on their next use rather than handed out broken.
public final class PostgresPool: Sendable {
    private let url: String
    private let applicationName: String
    private let idle = Mutex<[PostgresConnection]>([])
    private let available: DispatchSemaphore

    public init(url: String, applicationName: String, size: Int) {
        self.url = url
        self.applicationName = applicationName
        self.available = DispatchSemaphore(value: size)
    }

    /// Runs `body` with a connection borrowed from the pool, waiting when all are lent out.
    @discardableResult
    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        available.wait()
        defer { available.signal() }
        let connection =
            try idle.withLock { $0.popLast() }
            ?? PostgresConnection.connect(
                url: url,
                applicationName: applicationName
            )
        if !connection.isConnected {
            try connection.reconnect()
        }
        do {
            let result = try body(connection)
            idle.withLock { $0.append(connection) }
            return result
        } catch let error as PostgresError where error.isRetryable {
            connection.close()
            throw error
        } catch {
            idle.withLock { $0.append(connection) }
            throw error
        }
    }

    public func close() {
        let connections = idle.withLock { pool in
            defer { pool.removeAll() }
            return pool
        }
        connections.forEach { $0.close() }
    }
}
