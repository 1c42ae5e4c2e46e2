/// How a taken-over lead starts: Cold (its schedule runs now) or New (it waits).
public enum LeadStart: Sendable, Hashable {
    /// Why a lead waits as New.
    public enum WaitReason: String, Sendable, Hashable, CaseIterable {
        case noDefaultContext
        case noDefaultSchedule
        case atCapacity
    }

    case cold
    case new(WaitReason)

    /// The state the lead is created in.
    public var state: LeadState {
        switch self {
        case .cold: .cold
        case .new: .new
        }
    }
}
