import CRabbitMQ
import Foundation

/// Converts librabbitmq's decoded tables and byte strings into Swift values (copies; nothing borrowed).
enum FieldDecoding {
    static func string(_ bytes: amqp_bytes_t) -> String {
        guard let base = bytes.bytes, bytes.len > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: base, count: bytes.len), as: UTF8.self)
    }

    static func byteArray(_ bytes: amqp_bytes_t) -> [UInt8] {
        guard let base = bytes.bytes, bytes.len > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: bytes.len))
    }

    static func table(_ table: amqp_table_t) -> [String: AMQPHeaderValue] {
        var result: [String: AMQPHeaderValue] = [:]
        guard let entries = table.entries else { return result }
        for index in 0..<Int(max(0, table.num_entries)) {
            result[string(entries[index].key)] = value(entries[index].value)
        }
        return result
    }

    static func value(_ field: amqp_field_value_t) -> AMQPHeaderValue {
        let value = field.value
        switch UInt32(field.kind) {
        case AMQP_FIELD_KIND_BOOLEAN.rawValue: return .bool(value.boolean != 0)
        case AMQP_FIELD_KIND_I8.rawValue: return .int(Int64(value.i8))
        case AMQP_FIELD_KIND_U8.rawValue: return .int(Int64(value.u8))
        case AMQP_FIELD_KIND_I16.rawValue: return .int(Int64(value.i16))
        case AMQP_FIELD_KIND_U16.rawValue: return .int(Int64(value.u16))
        case AMQP_FIELD_KIND_I32.rawValue: return .int(Int64(value.i32))
        case AMQP_FIELD_KIND_U32.rawValue: return .int(Int64(value.u32))
        case AMQP_FIELD_KIND_I64.rawValue: return .int(value.i64)
        case AMQP_FIELD_KIND_U64.rawValue: return .int(Int64(truncatingIfNeeded: value.u64))
        case AMQP_FIELD_KIND_F32.rawValue: return .double(Double(value.f32))
        case AMQP_FIELD_KIND_F64.rawValue: return .double(value.f64)
        case AMQP_FIELD_KIND_UTF8.rawValue: return .string(string(value.bytes))
        case AMQP_FIELD_KIND_BYTES.rawValue: return .bytes(byteArray(value.bytes))
        case AMQP_FIELD_KIND_TIMESTAMP.rawValue:
            return .timestamp(Date(timeIntervalSince1970: TimeInterval(value.u64)))
        case AMQP_FIELD_KIND_TABLE.rawValue: return .table(table(value.table))
        case AMQP_FIELD_KIND_ARRAY.rawValue:
            guard let entries = value.array.entries else { return .array([]) }
            return .array((0..<Int(max(0, value.array.num_entries))).map { Self.value(entries[$0]) })
        case AMQP_FIELD_KIND_DECIMAL.rawValue:
            let scaled = Double(value.decimal.value) / pow(10, Double(value.decimal.decimals))
            return .double(scaled)
        default: return .void
        }
    }

    /// The message carried by basic properties and a body.
    static func message(properties: amqp_basic_properties_t, body: amqp_bytes_t) -> AMQPMessage {
        let flags = properties._flags
        func has(_ flag: Int32) -> Bool { flags & amqp_flags_t(flag) != 0 }
        return AMQPMessage(
            body: byteArray(body),
            messageID: has(AMQP_BASIC_MESSAGE_ID_FLAG) ? string(properties.message_id) : "",
            type: has(AMQP_BASIC_TYPE_FLAG) ? string(properties.type) : "",
            headers: has(AMQP_BASIC_HEADERS_FLAG) ? table(properties.headers) : [:],
            timestamp: has(AMQP_BASIC_TIMESTAMP_FLAG)
                ? Date(timeIntervalSince1970: TimeInterval(properties.timestamp)) : nil,
            persistent: has(AMQP_BASIC_DELIVERY_MODE_FLAG) && properties.delivery_mode == 2
        )
    }
}
