import Foundation

/// Makes globally unique Message-IDs for outgoing email.
public enum MessageIDGenerator {
    /// A new id in header form, `<uuid@domain>`, with a random (version 4) UUID in lower case.
    public static func make(domain: String) -> String {
        "<\(UUID().uuidString.lowercased())@\(domain)>"
    }
}
