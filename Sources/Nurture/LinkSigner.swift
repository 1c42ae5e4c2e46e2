import Foundation
import Shared

/// Signs and checks the tokens in unsubscribe, open and click links: `<message uuid>.<purpose>.<mac>`.
///
/// The MAC (HMAC-SHA256, first 16 bytes, hex) covers the message id, the purpose and, for clicks, the
/// target URL, so a forged or altered link is refused and changes nothing.
struct LinkSigner: Sendable {
    let key: [UInt8]

    func token(messageID: UUID, purpose: String, target: String = "") -> String {
        let id = messageID.uuidString.lowercased()
        return "\(id).\(purpose).\(mac(id, purpose, target))"
    }

    /// The message the token was made for, or nil when it is malformed or forged.
    func verify(_ token: String, purpose: String, target: String = "") -> UUID? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[1] == purpose, let id = UUID(uuidString: parts[0]) else { return nil }
        guard Sodium.constantTimeEquals(parts[2], mac(parts[0].lowercased(), purpose, target)) else { return nil }
        return id
    }

    private func mac(_ id: String, _ purpose: String, _ target: String) -> String {
        let message = Array("\(id)|\(purpose)|\(target)".utf8)
        return HexCoding.encode(Sodium.hmacSHA256(key: key, message: message).prefix(16))
    }
}
