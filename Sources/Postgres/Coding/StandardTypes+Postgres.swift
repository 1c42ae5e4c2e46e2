import Foundation
import Shared

extension String: PostgresEncodable, PostgresDecodable {
    public var postgresText: String? { self }

    public init(postgresText: String) {
        self = postgresText
    }
}

extension Bool: PostgresEncodable, PostgresDecodable {
    public var postgresText: String? { self ? "true" : "false" }

    public init(postgresText: String) throws {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PostgresDecodingFailure("not a boolean")
        }
    }
}

/// Integers share one text conversion.
public protocol PostgresInteger: FixedWidthInteger, PostgresEncodable, PostgresDecodable {}

extension PostgresInteger {
    public var postgresText: String? { String(self) }

    public init(postgresText: String) throws {
        guard let value = Self(postgresText) else {
            throw PostgresDecodingFailure("not an integer that fits \(Self.self)")
        }
        self = value
    }
}

extension Int: PostgresInteger {}
extension Int64: PostgresInteger {}
extension Int32: PostgresInteger {}
extension Int16: PostgresInteger {}

extension Double: PostgresEncodable, PostgresDecodable {
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if self == .infinity { return "Infinity" }
        if self == -.infinity { return "-Infinity" }
        return String(self)
    }

    public init(postgresText: String) throws {
        switch postgresText {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(postgresText) else { throw PostgresDecodingFailure("not a number") }
            self = value
        }
    }
}

extension UUID: PostgresEncodable, PostgresDecodable {
    public var postgresText: String? { uuidString.lowercased() }

    public init(postgresText: String) throws {
        guard let value = UUID(uuidString: postgresText) else { throw PostgresDecodingFailure("not a UUID") }
        self = value
    }
}

extension Date: PostgresEncodable, PostgresDecodable {
    /// ISO 8601 in UTC with microseconds, which `timestamptz` reads exactly.
    public var postgresText: String? { PostgresTimestamp.encode(self) }

    public init(postgresText: String) throws {
        self = try PostgresTimestamp.decode(postgresText)
    }
}

extension Array: PostgresEncodable where Element == UInt8 {
    /// `bytea` in hex format: `\x` followed by two hex digits per byte.
    public var postgresText: String? { "\\x" + HexCoding.encode(self) }
}

extension Array: PostgresDecodable where Element == UInt8 {
    public init(postgresText: String) throws {
        guard postgresText.hasPrefix("\\x"), let bytes = HexCoding.decode(String(postgresText.dropFirst(2))) else {
            throw PostgresDecodingFailure("not bytea in hex format")
        }
        self = bytes
    }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    /// nil binds SQL NULL.
    public var postgresText: String? { self.flatMap { $0.postgresText } }
}
