/// A lead's place in the nurturing lifecycle (SPEC §4). Raw values are the names the product and the user guide
/// use, and the values stored in the database.
public enum LeadState: String, Sendable, Codable, CaseIterable, Hashable {
    case new = "New"
    case cold = "Cold"
    case engaged = "Engaged"
    case warm = "Warm"
    case hot = "Hot"
    case responded = "Responded"
    case unSubscribed = "UnSubscribed"
    case deActivated = "DeActivated"
    case processed = "Processed"

    /// The lead is still the assistant's to work: waiting to start (New) or in its schedule (Cold, Engaged, Warm).
    /// A new assignment of such a lead is refused (SPEC §5 rule 3).
    public var isBeingWorked: Bool {
        switch self {
        case .new, .cold, .engaged, .warm: true
        case .hot, .responded, .unSubscribed, .deActivated, .processed: false
        }
    }

    /// The states a reply from the contact lands in (SPEC §4: "a reply of any kind (Hot, Responded,
    /// UnSubscribed)"). UnSubscribed is also reached by clicking the unsubscribe link.
    public var isReplyState: Bool {
        switch self {
        case .hot, .responded, .unSubscribed: true
        default: false
        }
    }

    /// Whether the schedule may send in this state. New waits for capacity or defaults; every state that is not
    /// being worked has stopped for good.
    public var allowsSending: Bool {
        switch self {
        case .cold, .engaged, .warm: true
        default: false
        }
    }

    /// The JobAdder status the contact should carry in this state (SPEC §4 table).
    public var handBack: HandBackStatus {
        switch self {
        case .cold, .engaged: .assignTo
        case .new, .warm, .hot, .responded, .processed: .active
        case .unSubscribed, .deActivated: .inactive
        }
    }
}
