import CPostgres
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PostgresConnection {
    /// Subscribes this connection to `channel` (`LISTEN`); kept across `reconnect()`.
    public func listen(_ channel: String) throws {
        guard !channel.isEmpty, !channel.utf8.contains(0) else {
            throw PostgresError(kind: .usage, message: "a channel name must be non-empty text", operation: "listen")
        }
        let quoted = "\"" + channel.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        _ = try simple("LISTEN \(quoted)", operation: "listen")
        if !listenedChannels.contains(channel) {
            listenedChannels.append(channel)
        }
    }

    /// Notifications that have arrived, waiting on the socket up to `timeout` seconds for the first one.
    /// Returns an empty array when none came in time.
    public func notifications(timeout: Double) throws -> [PostgresNotification] {
        let operation = "notifications"
        let connection = try liveHandle(operation)
        guard PQconsumeInput(connection) == 1 else { throw failure(connection: connection, operation: operation) }
        var received = drainNotifications(connection)
        let deadline = Date().addingTimeInterval(max(0, timeout))

        while received.isEmpty {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { break }
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining * 1000, 60_000).rounded(.up)))
            if ready < 0 && errno != EINTR {
                throw PostgresError(kind: .connection, message: "waiting on the socket failed", operation: operation)
            }
            guard ready > 0 else { continue }
            guard PQconsumeInput(connection) == 1 else {
                throw failure(connection: connection, operation: operation)
            }
            received = drainNotifications(connection)
        }
        return received
    }

    private func drainNotifications(_ connection: OpaquePointer) -> [PostgresNotification] {
        var received: [PostgresNotification] = []
        while let notify = PQnotifies(connection) {
            received.append(
                PostgresNotification(
                    channel: String(cString: notify.pointee.relname),
                    payload: String(cString: notify.pointee.extra),
                    processID: Int(notify.pointee.be_pid)
                )
            )
            PQfreemem(notify)
        }
        return received
    }
}
