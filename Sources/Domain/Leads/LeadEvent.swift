import Foundation

/// Something that happened to a lead; `LeadStateMachine` decides what it changes.
public enum LeadEvent: Sendable, Hashable {
    /// The assistant can start a New lead now (capacity freed, default context and schedule present). The caller
    /// checks capacity and defaults; the state machine only moves New to Cold.
    case activated
    /// Step `step` (0-based) of the schedule was handed to the mail relay.
    case emailSent(step: Int, email: EmailSummary)
    /// The last step's wait ran out with no reply.
    case scheduleFinished
    /// The tracking pixel of one of the lead's emails was loaded.
    case opened
    /// A tracked link in one of the lead's emails was followed.
    case clicked
    /// A real reply arrived and was classified.
    case replied(ReplyKind, email: EmailSummary)
    /// An out-of-office or other automatic reply arrived; `returnDate` is the date it states, if any.
    case autoReply(returnDate: Date?, email: EmailSummary)
    /// A pause set by an automatic reply ran out.
    case pauseEnded
    /// A delivery status notification arrived: `hard` for a permanent failure, otherwise temporary.
    case bounced(hard: Bool)
    /// The contact used the signed one-click unsubscribe link.
    case unsubscribeClicked
    /// The contact no longer exists in JobAdder.
    case contactDeleted
    /// An operator or org admin deactivated the lead.
    case deactivatedByAdmin

    /// The event's stable name, as stored in the lead-event record.
    public var kind: LeadEventKind {
        switch self {
        case .activated: .activated
        case .emailSent: .emailSent
        case .scheduleFinished: .scheduleFinished
        case .opened: .opened
        case .clicked: .clicked
        case .replied: .replied
        case .autoReply: .autoReply
        case .pauseEnded: .pauseEnded
        case .bounced(let hard): hard ? .hardBounce : .softBounce
        case .unsubscribeClicked: .unsubscribeClicked
        case .contactDeleted: .contactDeleted
        case .deactivatedByAdmin: .deactivatedByAdmin
        }
    }
}
