import Foundation

/// A value in an AMQP header table (the subset of AMQP 0-9-1 field types Handover reads and writes).
///
/// Integers of every width decode to `.int`; `x-death` decodes to `.array` of `.table`.
public enum AMQPHeaderValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case double(Double)
    case timestamp(Date)
    case bytes([UInt8])
    case array([AMQPHeaderValue])
    case table([String: AMQPHeaderValue])
    case void

    /// The string, when this is a `.string` (or `.bytes` holding UTF-8).
    public var stringValue: String? {
        switch self {
        case .string(let value): value
        case .bytes(let value): String(validating: value, as: UTF8.self)
        default: nil
        }
    }

    /// The integer, when this is an `.int`.
    public var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The Boolean, when this is a `.bool`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var description: String {
        switch self {
        case .string(let value): "\"\(value)\""
        case .int(let value): String(value)
        case .bool(let value): String(value)
        case .double(let value): String(value)
        case .timestamp(let value): "\(value)"
        case .bytes(let value): "<\(value.count) bytes>"
        case .array(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .table(let table):
            "{" + table.keys.sorted().map { "\($0): \(table[$0]?.description ?? "")" }.joined(separator: ", ") + "}"
        case .void: "void"
        }
    }
}
