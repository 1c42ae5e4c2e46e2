import Foundation

/// The default reply classifier: ordered rules, as SPEC §6 lists them.
///
/// 1. Bounces (`BounceDetector`), on the whole message.
/// 2. Automatic replies (`AutoReplyDetector`), on headers, subject and the reply's own text.
/// 3. Unsubscribe requests, 4. interest (meeting, call, more information), 5. anything else, on the reply's
///    own text only: quoted history and signatures are removed first (`ReplyText`), and the subject counts
///    only when it is not a `Re:`/`Fwd:` of ours.
public struct RuleBasedClassifier: ReplyClassifier {
    public let name = "rules-v1"
    private let bounces = BounceDetector()
    private let autoReplies = AutoReplyDetector()

    public init() {}

    public func classify(_ email: InboundEmail) -> ReplyClassification {
        let draft = decide(email)
        return ReplyClassification(
            kind: draft.kind,
            confidence: draft.confidence,
            classifierName: name,
            reason: draft.reason
        )
    }

    private func decide(_ email: InboundEmail) -> ReplyClassificationDraft {
        if let bounce = bounces.detect(email) { return bounce }

        let content = Self.ownWords(of: email)
        if let autoReply = autoReplies.detect(email, content: content) { return autoReply }

        if let rule = IntentRules.unsubscribe.first(where: { $0.matches(content) }) {
            return ReplyClassificationDraft(
                kind: .unsubscribeRequest,
                confidence: 0.9,
                reason: "asked to stop: \(rule.label)"
            )
        }

        let interest: [(InterestKind, [PhraseRule])] = [
            (.meeting, IntentRules.meeting), (.call, IntentRules.call), (.moreInformation, IntentRules.moreInformation),
        ]
        var best: (kind: InterestKind, label: String, location: Int)?
        for (kind, rules) in interest {
            for rule in rules {
                guard let location = rule.firstMatch(in: content) else { continue }
                if best == nil || location < best?.location ?? Int.max {
                    best = (kind, rule.label, location)
                }
            }
        }
        if let best {
            return ReplyClassificationDraft(
                kind: .interested(best.kind),
                confidence: 0.85,
                reason: "interest: \(best.label)"
            )
        }
        if IntentRules.generalInterest.matches(content) {
            return ReplyClassificationDraft(
                kind: .interested(.moreInformation),
                confidence: 0.65,
                reason: "interest: interested"
            )
        }

        let reason = content.isEmpty ? "no new text" : "no rule matched"
        return ReplyClassificationDraft(kind: .other, confidence: 0.6, reason: reason)
    }

    /// The sender's own words: new reply text, plus the subject when it is theirs rather than ours.
    static func ownWords(of email: InboundEmail) -> String {
        let text = ReplyText.newContent(of: email.textBody)
        let subject = email.subject.trimmed
        let lowered = subject.lowercased()
        let isOurSubject = ["re:", "re :", "aw:", "fwd:", "fw:", "sv:", "antw:"].contains { lowered.hasPrefix($0) }
        guard !subject.isEmpty, !isOurSubject else { return text }
        return subject + "\n" + text
    }
}
