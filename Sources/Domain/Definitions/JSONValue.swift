import Foundation

/// A decoded JSON document that keeps JSON's own types, so validation can name exactly what was wrong.
enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The JSON type's name, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "true or false"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// Decodes `bytes` (at most `limit` bytes) or throws a `DefinitionError` for the whole document.
    static func decode(_ bytes: [UInt8], limit: Int) throws(DefinitionError) -> JSONValue {
        guard bytes.count <= limit else {
            throw DefinitionError(path: "", problem: "is larger than \(limit / 1024) KB")
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw DefinitionError(path: "", problem: "is not valid JSON (check quotes, commas and brackets)")
        }
    }
}
