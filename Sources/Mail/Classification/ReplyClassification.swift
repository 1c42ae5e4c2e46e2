import Foundation

/// What kind of interest a reply shows.
public enum InterestKind: String, Sendable, Hashable, CaseIterable {
    /// Agreed or asked to meet (including "schedule a call" style meeting requests).
    case meeting
    /// Asked to be phoned, or gave a number.
    case call
    /// Asked for more information (details, rates, the role).
    case moreInformation
}

/// The category of an inbound reply, in the order SPEC §6 checks them.
public enum ReplyKind: Sendable, Hashable {
    /// A delivery failure report; hard means the address is not deliverable (5.x.x), soft is temporary.
    case bounce(hard: Bool)
    /// An automatic reply (out of office and the like), with the return date when one was stated.
    /// The date is the start of that calendar day in UTC.
    case autoReply(returnDate: Date?)
    /// The person asked not to be emailed.
    case unsubscribeRequest
    /// The person showed interest.
    case interested(InterestKind)
    /// A human reply that fits no other category.
    case other
}

/// A classifier's decision about one inbound email, stored with the lead's history.
public struct ReplyClassification: Sendable, Hashable {
    public var kind: ReplyKind
    /// How sure the classifier is, 0…1.
    public var confidence: Double
    /// The `name` of the classifier that decided.
    public var classifierName: String
    /// A short reason naming the rule that fired, for example `DSN status 5.1.1`. Never the message body.
    public var reason: String

    public init(kind: ReplyKind, confidence: Double, classifierName: String, reason: String) {
        self.kind = kind
        self.confidence = min(1, max(0, confidence))
        self.classifierName = classifierName
        self.reason = reason
    }
}

/// A pluggable reply classifier. Implementations must be pure and thread-safe.
public protocol ReplyClassifier: Sendable {
    /// A stable name stored with each decision, for example `rules-v1`.
    var name: String { get }
    /// Classifies one inbound email.
    func classify(_ email: InboundEmail) -> ReplyClassification
}
