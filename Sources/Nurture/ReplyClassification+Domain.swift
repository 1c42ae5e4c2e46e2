import Domain
import Mail

extension Mail.InterestKind {
    /// The state machine's name for this kind of interest.
    var domainInterest: Domain.ReplyKind.Interest {
        switch self {
        case .meeting: .meeting
        case .call: .call
        case .moreInformation: .moreInformation
        }
    }
}

extension Mail.ReplyKind {
    /// A short stable label for storage, logs and metrics.
    var label: String {
        switch self {
        case .bounce(let hard): hard ? "bounce_hard" : "bounce_soft"
        case .autoReply: "auto_reply"
        case .unsubscribeRequest: "unsubscribe"
        case .interested(let kind): "interested_\(kind.rawValue)"
        case .other: "other"
        }
    }
}
