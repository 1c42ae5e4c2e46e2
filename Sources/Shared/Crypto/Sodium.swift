import CSodium
import Foundation

/// Thin, safe wrappers over the libsodium primitives Handover uses: secretbox for secrets at rest,
/// HMAC-SHA256 for signed links and OAuth state, constant-time comparison and random bytes.
public enum Sodium {
    private static let ready: Bool = { sodium_init() >= 0 }()

    /// Call before first use; cheap afterwards.
    public static func ensureReady() {
        precondition(ready, "libsodium failed to initialise")
    }

    public static func randomBytes(_ count: Int) -> [UInt8] {
        ensureReady()
        var bytes = [UInt8](repeating: 0, count: count)
        randombytes_buf(&bytes, count)
        return bytes
    }

    /// A URL-safe random token of `byteCount` random bytes, hex encoded.
    public static func randomToken(byteCount: Int = 32) -> String {
        HexCoding.encode(randomBytes(byteCount))
    }

    /// Constant-time equality of two byte strings (different lengths are simply unequal).
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        ensureReady()
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return sodium_memcmp(a, b, a.count) == 0
    }

    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        constantTimeEquals(Array(a.utf8), Array(b.utf8))
    }

    /// HMAC-SHA256 of `message` under `key` (32 bytes).
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        ensureReady()
        precondition(key.count == Int(crypto_auth_hmacsha256_KEYBYTES), "HMAC key must be 32 bytes")
        var mac = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        _ = crypto_auth_hmacsha256(&mac, message, UInt64(message.count), key)
        return mac
    }
}
