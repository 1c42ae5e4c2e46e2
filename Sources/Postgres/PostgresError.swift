/// A failure from the PostgreSQL layer.
///
/// `description` is safe to show anyone: it carries the operation, the SQLSTATE and the server's primary
/// message, never the connection URL, a password or bound parameter values.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// Where the failure came from.
    public enum Kind: String, Sendable {
        /// The connection could not be opened, or broke while in use.
        case connection
        /// The server rejected a statement; `sqlState` says why.
        case server
        /// A value could not be converted to the Swift type asked for.
        case decoding
        /// The caller used the API in a way it does not support.
        case usage
    }

    public let kind: Kind
    /// The five-character SQLSTATE for server errors, such as `23505`.
    public let sqlState: String?
    /// The server's primary message, or this layer's own explanation.
    public let message: String
    /// What was being done, such as `connect`, `query`, `commit` or `pipeline`.
    public let operation: String
    /// The constraint the server named, when one was violated.
    public let constraint: String?

    public init(
        kind: Kind,
        sqlState: String? = nil,
        message: String,
        operation: String,
        constraint: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.operation = operation
        self.constraint = constraint
    }

    /// True when running the same work again on a fresh connection or transaction may succeed:
    /// a lost connection, a serialization failure, a deadlock, or a server shutting down or starting up.
    public var isRetryable: Bool {
        if kind == .connection { return true }
        guard let sqlState else { return false }
        return ["40001", "40P01", "57P01", "57P03"].contains(sqlState) || sqlState.hasPrefix("08")
    }

    /// True for `23505`, a unique constraint violation.
    public var isUniqueViolation: Bool { sqlState == "23505" }

    public var description: String {
        var text = "postgres \(operation) failed (\(kind.rawValue)"
        if let sqlState { text += ", SQLSTATE \(sqlState)" }
        text += "): \(message)"
        return text
    }
}
