import Domain
import Mail

extension ReplyClassification.InterestKind {
    /// The state machine's name for this kind of interest.
    var domainInterest: ReplyKind.Interest {
        switch self {
        case .meeting: .meeting
        case .call: .call
        case .moreInformation: .moreInformation
        }
    }
}
