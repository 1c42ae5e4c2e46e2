/// One mailbox from an address header: the address and, when present, its display name.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The addr-spec, for example `jane@example.com`.
    public var address: String
    /// The decoded display name, for example `Jane Doe`; nil when the header gave none.
    public var name: String?

    public init(address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// The address in lower case, for comparisons and lookups.
    public var normalizedAddress: String { address.lowercased() }

    /// The local part (before `@`), lower-cased.
    public var localPart: String {
        String(normalizedAddress.split(separator: "@", maxSplits: 1).first ?? "")
    }

    public var description: String {
        if let name, !name.isEmpty { return "\(name) <\(address)>" }
        return address
    }
}
