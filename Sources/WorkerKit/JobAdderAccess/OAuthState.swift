import Foundation
import Shared

/// The OAuth `state` parameter: which org is connecting, until when, signed with HMAC-SHA256.
///
/// Form: `v1.<org uuid>.<expiry unix seconds>.<hex mac>`. A forged, altered or expired state is refused,
/// so a callback can only connect the org whose admin started the flow.
public enum OAuthState {
    public struct Invalid: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "invalid OAuth state: \(reason)" }
    }

    public static func make(orgID: UUID, expiresAt: Date, key: [UInt8]) -> String {
        let body = "v1.\(orgID.uuidString.lowercased()).\(Int(expiresAt.timeIntervalSince1970))"
        return body + "." + HexCoding.encode(Sodium.hmacSHA256(key: key, message: Array(body.utf8)))
    }

    /// The org the state names; throws when it is malformed, forged or expired.
    public static func verify(_ state: String, key: [UInt8], now: Date = Date()) throws -> UUID {
        let parts = state.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "v1", let orgID = UUID(uuidString: String(parts[1])),
            let expiry = Int(parts[2])
        else { throw Invalid(reason: "malformed") }
        let body = parts[0...2].joined(separator: ".")
        let expected = HexCoding.encode(Sodium.hmacSHA256(key: key, message: Array(body.utf8)))
        guard Sodium.constantTimeEquals(expected, String(parts[3])) else { throw Invalid(reason: "bad signature") }
        guard Double(expiry) >= now.timeIntervalSince1970 else { throw Invalid(reason: "expired") }
        return orgID
    }
}
