import Foundation

/// What an inbound email is, as decided by a `ReplyClassifier`, with how sure it is.
public struct ReplyClassification: Sendable, Hashable {
    public enum InterestKind: String, Sendable, Hashable {
        case meeting, call, moreInformation
    }

    public enum Kind: Sendable, Hashable {
        case bounce(hard: Bool)
        case autoReply(returnDate: Date?)
        case unsubscribeRequest
        case interested(InterestKind)
        case other

        /// A short stable label for storage and metrics.
        public var label: String {
            switch self {
            case .bounce(let hard): hard ? "bounce_hard" : "bounce_soft"
            case .autoReply: "auto_reply"
            case .unsubscribeRequest: "unsubscribe"
            case .interested(let kind): "interested_\(kind.rawValue)"
            case .other: "other"
            }
        }
    }

    public var kind: Kind
    public var confidence: Double
    public var classifier: String
    public var reason: String

    public init(kind: Kind, confidence: Double, classifier: String, reason: String) {
        self.kind = kind
        self.confidence = confidence
        self.classifier = classifier
        self.reason = reason
    }
}

/// Decides what an inbound email is. The default is `RuleBasedClassifier`; others can be plugged in.
public protocol ReplyClassifier: Sendable {
    var name: String { get }
    func classify(_ email: InboundEmail) -> ReplyClassification
}
