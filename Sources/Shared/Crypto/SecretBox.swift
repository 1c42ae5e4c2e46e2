import CSodium

/// Authenticated symmetric encryption (XSalsa20-Poly1305) for secrets stored in the database:
/// OAuth tokens and webhook secrets. The sealed form is nonce ‖ ciphertext.
public struct SecretBox: Sendable {
    public static let keyByteCount = Int(crypto_secretbox_KEYBYTES)

    /// Opening failed: wrong key or altered data. Carries no plaintext.
    public struct OpenError: Error, CustomStringConvertible {
        public var description: String { "secret could not be decrypted (wrong key or altered data)" }
    }

    private let key: [UInt8]

    public init(key: [UInt8]) {
        precondition(key.count == Self.keyByteCount, "secretbox key must be 32 bytes")
        Sodium.ensureReady()
        self.key = key
    }

    public func seal(_ plaintext: [UInt8]) -> [UInt8] {
        let nonce = Sodium.randomBytes(Int(crypto_secretbox_NONCEBYTES))
        var cipher = [UInt8](repeating: 0, count: plaintext.count + Int(crypto_secretbox_MACBYTES))
        _ = crypto_secretbox_easy(&cipher, plaintext, UInt64(plaintext.count), nonce, key)
        return nonce + cipher
    }

    public func seal(_ plaintext: String) -> [UInt8] { seal(Array(plaintext.utf8)) }

    public func open(_ sealed: [UInt8]) throws -> [UInt8] {
        let nonceCount = Int(crypto_secretbox_NONCEBYTES)
        let macCount = Int(crypto_secretbox_MACBYTES)
        guard sealed.count >= nonceCount + macCount else { throw OpenError() }
        let nonce = Array(sealed[..<nonceCount])
        let cipher = Array(sealed[nonceCount...])
        var plain = [UInt8](repeating: 0, count: cipher.count - macCount)
        guard crypto_secretbox_open_easy(&plain, cipher, UInt64(cipher.count), nonce, key) == 0 else {
            throw OpenError()
        }
        return plain
    }

    public func openString(_ sealed: [UInt8]) throws -> String {
        String(decoding: try open(sealed), as: UTF8.self)
    }
}
