import Foundation

/// JSON text bound to or read from a `json`/`jsonb` column.
public struct PostgresJSON: Sendable, Equatable, PostgresEncodable, PostgresDecodable {
    /// The JSON document as text.
    public var text: String

    public init(text: String) {
        self.text = text
    }

    /// Encodes `value` with `JSONEncoder` (sorted keys, so equal values give equal text).
    public init<Value: Encodable>(encoding value: Value) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public init(postgresText: String) {
        text = postgresText
    }

    public var postgresText: String? { text }

    /// Decodes the document with `JSONDecoder`.
    public func decode<Value: Decodable>(as type: Value.Type = Value.self) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
