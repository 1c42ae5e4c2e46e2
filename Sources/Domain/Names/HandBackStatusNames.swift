/// The names of an org's two hand-back statuses in JobAdder, configurable per org.
///
/// Lookups are trimmed and case-insensitive, like every status-name comparison.
public struct HandBackStatusNames: Sendable, Equatable, Codable {
    /// The product's default names.
    public static let standard = HandBackStatusNames(active: "Active Contact", inactive: "Inactive Contact")

    public var active: String
    public var inactive: String

    public init(active: String, inactive: String) {
        self.active = active
        self.inactive = inactive
    }

    /// The configured name for `handBack`, or nil for `.assignTo` (which is per assistant, see
    /// `AssignmentStatusName`).
    public func name(for handBack: HandBackStatus) -> String? {
        switch handBack {
        case .active: active
        case .inactive: inactive
        case .assignTo: nil
        }
    }

    /// Whether `statusName` is the configured status for `handBack` (`.assignTo` never matches here).
    public func matches(_ statusName: String, handBack: HandBackStatus) -> Bool {
        guard let wanted = name(for: handBack) else { return false }
        return StatusNameText.normalize(statusName) == StatusNameText.normalize(wanted)
    }

    /// The first element of `statuses` whose name is the configured status for `handBack`.
    public func find<Status>(
        _ handBack: HandBackStatus,
        in statuses: [Status],
        name: (Status) -> String
    ) -> Status? {
        statuses.first { matches(name($0), handBack: handBack) }
    }
}
