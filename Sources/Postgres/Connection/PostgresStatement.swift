/// One statement and its parameters, for `PostgresConnection.pipeline(_:)`.
public struct PostgresStatement {
    public let sql: String
    public let binds: [any PostgresEncodable]

    public init(_ sql: String, _ binds: [any PostgresEncodable] = []) {
        self.sql = sql
        self.binds = binds
    }
}
