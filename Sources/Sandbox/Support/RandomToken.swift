/// Unguessable identifiers: opaque tokens and lower-case UUIDs.
enum RandomToken {
    /// `byteCount` random bytes as lower-case hex.
    static func hex(byteCount: Int = 24) -> String {
        var generator = SystemRandomNumberGenerator()
        var out = ""
        out.reserveCapacity(byteCount * 2)
        for _ in 0..<byteCount {
            let byte = UInt8.random(in: 0...255, using: &generator)
            let hex = String(byte, radix: 16)
            out += hex.count == 1 ? "0" + hex : hex
        }
        return out
    }

    /// A random version-4 UUID, lower case.
    static func uuid() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { byte -> String in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
        let chars = Array(hex)
        return String(chars[0..<8]) + "-" + String(chars[8..<12]) + "-" + String(chars[12..<16]) + "-"
            + String(chars[16..<20]) + "-" + String(chars[20..<32])
    }
}
