/// Why a lead is DeActivated. Only the bounce causes stop a later re-assignment that keeps the same address
/// (SPEC §5 rule 5).
public enum DeactivationCause: String, Sendable, Codable, CaseIterable, Hashable {
    /// A permanent delivery failure (RFC 3464 status 5.x.x).
    case hardBounce
    /// Too many temporary delivery failures in a row (`EngagementRules.softBounceLimit`).
    case repeatedSoftBounces
    /// The contact was deleted in JobAdder (or JobAdder answered 404 for it).
    case contactDeleted
    /// An operator or org admin deactivated the lead.
    case admin

    /// Whether the address itself failed: such a lead is taken again only if the contact's email changed.
    public var isBounce: Bool {
        switch self {
        case .hardBounce, .repeatedSoftBounces: true
        case .contactDeleted, .admin: false
        }
    }
}
