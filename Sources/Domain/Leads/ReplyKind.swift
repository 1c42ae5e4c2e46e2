/// What a real (not automatic) reply from the contact says, as decided by the reply classifier.
public enum ReplyKind: Sendable, Hashable, Codable {
    /// What the contact showed interest in.
    public enum Interest: String, Sendable, Hashable, Codable, CaseIterable {
        case meeting
        case call
        case moreInformation
    }

    /// Agreed to meet, asked for a call or asked for more information: the lead becomes Hot.
    case interested(Interest)
    /// Asked not to be emailed again: the lead becomes UnSubscribed.
    case unsubscribeRequest
    /// Any other reply: the lead becomes Responded.
    case other
}
