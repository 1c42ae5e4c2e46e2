/// One result row; decode columns by name or by position.
public struct PostgresRow: Sendable {
    let storage: PostgresResultStorage
    let index: Int

    /// The column's value as `T`; throws a `decoding` error naming the column and type, also for NULL.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try decode(at: position(of: column), name: column, as: type)
    }

    /// The column's value as `T`, or nil for SQL NULL.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T?.Type) throws -> T? {
        try decode(at: position(of: column), name: column, as: type)
    }

    /// The value at a zero-based column position as `T`.
    public func decode<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws -> T {
        try decode(at: checked(column), name: "#\(column)", as: type)
    }

    /// The value at a zero-based column position as `T`, or nil for SQL NULL.
    public func decode<T: PostgresDecodable>(_ column: Int, as type: T?.Type) throws -> T? {
        try decode(at: checked(column), name: "#\(column)", as: type)
    }

    /// True when the named column is SQL NULL.
    public func isNull(_ column: String) throws -> Bool {
        try text(at: position(of: column)) == nil
    }

    private func decode<T: PostgresDecodable>(at position: Int, name: String, as type: T.Type) throws -> T {
        guard let text = text(at: position) else {
            throw PostgresError(
                kind: .decoding,
                message: "column \"\(name)\" is NULL; decode it as \(T.self)? instead",
                operation: "decode"
            )
        }
        return try convert(text, name: name, as: type)
    }

    private func decode<T: PostgresDecodable>(at position: Int, name: String, as type: T?.Type) throws -> T? {
        guard let text = text(at: position) else { return nil }
        return try convert(text, name: name, as: T.self)
    }

    private func convert<T: PostgresDecodable>(_ text: String, name: String, as type: T.Type) throws -> T {
        do {
            return try T(postgresText: text)
        } catch let failure as PostgresDecodingFailure {
            throw PostgresError(
                kind: .decoding,
                message: "column \"\(name)\" cannot be decoded as \(T.self): \(failure.reason)",
                operation: "decode"
            )
        } catch {
            throw PostgresError(
                kind: .decoding,
                message: "column \"\(name)\" cannot be decoded as \(T.self)",
                operation: "decode"
            )
        }
    }

    private func text(at position: Int) -> String? {
        storage.values[index * storage.columnNames.count + position]
    }

    private func position(of column: String) throws -> Int {
        guard let position = storage.columnIndex[column] else {
            throw PostgresError(kind: .usage, message: "the result has no column \"\(column)\"", operation: "decode")
        }
        return position
    }

    private func checked(_ column: Int) throws -> Int {
        guard storage.columnNames.indices.contains(column) else {
            throw PostgresError(kind: .usage, message: "the result has no column #\(column)", operation: "decode")
        }
        return column
    }
}
