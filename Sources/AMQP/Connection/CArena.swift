import CRabbitMQ
import Foundation

/// Owns the C memory behind AMQP arguments built from Swift values (byte strings, tables, arrays).
///
/// Everything handed out stays valid until the arena is released, so keep the arena alive
/// (`withExtendedLifetime`) for the duration of the C call that reads it. Not thread-safe.
final class CArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit {
        for block in blocks { block.deallocate() }
    }

    /// Raw memory for `count` values of `T`, freed with the arena.
    func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(1, MemoryLayout<T>.stride * count),
            alignment: MemoryLayout<T>.alignment
        )
        blocks.append(raw)
        return raw.bindMemory(to: T.self, capacity: max(1, count))
    }

    /// A copy of `bytes` as an `amqp_bytes_t`.
    func bytes(_ bytes: [UInt8]) -> amqp_bytes_t {
        let pointer = allocate(UInt8.self, count: bytes.count)
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer.update(from: base, count: bytes.count) }
        }
        return amqp_bytes_t(len: bytes.count, bytes: UnsafeMutableRawPointer(pointer))
    }

    /// A copy of the UTF-8 of `string` as an `amqp_bytes_t` (no terminating NUL, as AMQP wants).
    func bytes(_ string: String) -> amqp_bytes_t {
        bytes(Array(string.utf8))
    }

    /// A field table holding `values`, keys sorted so the same input always encodes the same way.
    func table(_ values: [String: AMQPHeaderValue]) -> amqp_table_t {
        guard !values.isEmpty else { return amqp_empty_table }
        let entries = allocate(amqp_table_entry_t.self, count: values.count)
        for (offset, key) in values.keys.sorted().enumerated() {
            entries[offset] = amqp_table_entry_t(key: bytes(key), value: field(values[key] ?? .void))
        }
        return amqp_table_t(num_entries: Int32(values.count), entries: entries)
    }

    /// One field value.
    func field(_ value: AMQPHeaderValue) -> amqp_field_value_t {
        var field = amqp_field_value_t()
        switch value {
        case .string(let text):
            field.kind = UInt8(AMQP_FIELD_KIND_UTF8.rawValue)
            field.value.bytes = bytes(text)
        case .int(let number):
            field.kind = UInt8(AMQP_FIELD_KIND_I64.rawValue)
            field.value.i64 = number
        case .bool(let flag):
            field.kind = UInt8(AMQP_FIELD_KIND_BOOLEAN.rawValue)
            field.value.boolean = flag ? 1 : 0
        case .double(let number):
            field.kind = UInt8(AMQP_FIELD_KIND_F64.rawValue)
            field.value.f64 = number
        case .timestamp(let date):
            field.kind = UInt8(AMQP_FIELD_KIND_TIMESTAMP.rawValue)
            field.value.u64 = UInt64(max(0, date.timeIntervalSince1970))
        case .bytes(let data):
            field.kind = UInt8(AMQP_FIELD_KIND_BYTES.rawValue)
            field.value.bytes = bytes(data)
        case .array(let elements):
            let storage = allocate(amqp_field_value_t.self, count: elements.count)
            for (offset, element) in elements.enumerated() { storage[offset] = self.field(element) }
            field.kind = UInt8(AMQP_FIELD_KIND_ARRAY.rawValue)
            field.value.array = amqp_array_t(num_entries: Int32(elements.count), entries: storage)
        case .table(let nested):
            field.kind = UInt8(AMQP_FIELD_KIND_TABLE.rawValue)
            field.value.table = table(nested)
        case .void:
            field.kind = UInt8(AMQP_FIELD_KIND_VOID.rawValue)
        }
        return field
    }
}
