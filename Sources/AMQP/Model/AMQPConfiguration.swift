import Foundation

/// Where and how to connect: parsed from an `amqp://user:pass@host:port/vhost` URL.
///
/// Missing parts default to `guest`/`guest`, port 5672 and vhost `/` (an empty path or `/` means `/`;
/// `%2F` encodes a slash inside a vhost name). Errors name the problem, never the password.
public struct AMQPConfiguration: Sendable {
    public let host: String
    public let port: Int
    public let user: String
    let password: String
    public let virtualHost: String
    /// Shown in the management UI's connection list, e.g. `"ingest-7f3a publisher"`.
    public let connectionName: String
    /// Negotiated heartbeat; the broker drops the connection after two silent intervals.
    public let heartbeatSeconds: Int
    /// Seconds to wait for a TCP connect, the login handshake or one RPC reply.
    public var timeoutSeconds: Int = 30

    public init(url: String, connectionName: String, heartbeatSeconds: Int = 30) throws {
        let invalid = { (problem: String) in AMQPError(operation: "parse URL", replyText: problem) }
        guard let components = URLComponents(string: url) else { throw invalid("is not a valid URL") }
        guard components.scheme?.lowercased() == "amqp" else {
            throw invalid("must start with amqp:// (TLS is not supported)")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("has no host") }
        guard heartbeatSeconds >= 0, heartbeatSeconds <= 600 else {
            throw invalid("heartbeat must be 0...600 seconds")
        }

        let path = components.percentEncodedPath
        let encodedVirtualHost = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard let virtualHost = encodedVirtualHost.removingPercentEncoding else {
            throw invalid("has a badly encoded virtual host")
        }

        self.host = host
        self.port = components.port ?? 5672
        self.user = components.user ?? "guest"
        self.password = components.password ?? "guest"
        self.virtualHost = virtualHost.isEmpty ? "/" : virtualHost
        self.connectionName = connectionName
        self.heartbeatSeconds = heartbeatSeconds
    }

    /// The URL without the password, safe for logs.
    public var redactedURL: String { "amqp://\(user)@\(host):\(port)/\(virtualHost == "/" ? "" : virtualHost)" }
}
