/// A value that can be bound as a statement parameter, in PostgreSQL's text format.
///
/// `postgresText` is nil for SQL NULL. The server infers the parameter's type from the statement, so
/// `"2024-01-02T03:04:05Z"` becomes a `timestamptz` where one is expected.
public protocol PostgresEncodable {
    var postgresText: String? { get }
}

/// A value that can be read from a result column in PostgreSQL's text format.
///
/// Throw `PostgresDecodingFailure` with a reason that holds no data; `PostgresRow` adds the column and type.
public protocol PostgresDecodable {
    init(postgresText: String) throws
}

/// Why a column's text could not become the requested type. The reason never repeats the value.
public struct PostgresDecodingFailure: Error, CustomStringConvertible, Sendable {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

extension PostgresEncodable where Self: RawRepresentable, RawValue: PostgresEncodable {
    /// String- or integer-backed enums bind as their raw value.
    public var postgresText: String? { rawValue.postgresText }
}

extension PostgresDecodable where Self: RawRepresentable, RawValue: PostgresDecodable {
    /// String- or integer-backed enums decode from their raw value.
    public init(postgresText: String) throws {
        let raw = try RawValue(postgresText: postgresText)
        guard let value = Self(rawValue: raw) else {
            throw PostgresDecodingFailure("the value is not one of \(Self.self)'s cases")
        }
        self = value
    }
}
