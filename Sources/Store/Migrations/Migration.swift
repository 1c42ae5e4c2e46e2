/// One versioned schema change. Its SQL never changes once released: the migrator refuses to run when an
/// applied migration's checksum differs from the code's.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    /// One or more statements, run together in one transaction. No `BEGIN`/`COMMIT` inside.
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
