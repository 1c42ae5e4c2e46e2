/// Which SPEC §5 rule decided an assignment.
public enum TakeoverOutcome: Sendable, Hashable {
    /// Rule 1: no assistant has the handle.
    case unknownHandle
    /// Rule 2: the contact has no email address.
    case noEmail
    /// Rule 2: the contact's email address is not a usable address.
    case invalidEmail
    /// Rule 2: JobAdder marks the contact as unsubscribed.
    case unsubscribedInJobAdder
    /// Rule 3: a lead for the contact is already being worked (by the named assistant).
    case alreadyBeingWorked(assistantHandle: String, state: LeadState)
    /// Rule 4: the lead unsubscribed earlier.
    case leadUnsubscribed
    /// Rule 5: the lead bounced and the address has not changed.
    case bouncedSameAddress
    /// Rule 5: the lead finished earlier; a new sequence starts.
    case restartFinishedLead(previous: LeadState, start: LeadStart)
    /// Rule 6: a new lead is created.
    case createLead(LeadStart)

    /// The lead's state after the decision when it (re)starts a sequence, nil when nothing is taken.
    public var startState: LeadState? {
        switch self {
        case .restartFinishedLead(_, let start), .createLead(let start): start.state
        default: nil
        }
    }
}
