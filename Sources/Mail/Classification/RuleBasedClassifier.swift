import Foundation

/// The default classifier: rules applied in SPEC §6 order — delivery reports, automatic replies,
/// unsubscribe requests, interest, everything else — on the reply's own text (quoted history and
/// signatures removed first, so our own footer never counts).
public struct RuleBasedClassifier: ReplyClassifier {
    public let name = "rules-v1"

    public init() {}

    public func classify(_ email: InboundEmail) -> ReplyClassification {
        let subject = email.subject.lowercased()
        let text = Self.ownText(email.textBody).lowercased()
        let sender = email.from?.address.lowercased() ?? ""

        if let report = email.deliveryStatus, let recipient = report.recipients.first {
            let status = recipient.status ?? ""
            let hard = status.hasPrefix("5") || (recipient.action?.lowercased() == "failed" && !status.hasPrefix("4"))
            return result(.bounce(hard: hard), 0.97, "delivery status report \(status)")
        }
        let bounceSender = sender.hasPrefix("mailer-daemon") || sender.hasPrefix("postmaster")
        let bounceSubject = ["undeliver", "delivery status notification", "mail delivery failed", "failure notice",
                             "returned mail", "delivery failure"].contains { subject.contains($0) }
        if bounceSender || bounceSubject {
            let soft = ["mailbox full", "quota", "temporar", "try again later", "4.2.2", "over quota"]
                .contains { text.contains($0) }
            return result(.bounce(hard: !soft), bounceSender && bounceSubject ? 0.9 : 0.75, "bounce wording")
        }

        let autoSubmitted = email.header("auto-submitted").map { $0.lowercased() != "no" } ?? false
        let autoHeader = email.header("x-autoreply") != nil || email.header("x-autorespond") != nil
            || ["auto_reply", "bulk", "junk"].contains(email.header("precedence")?.lowercased() ?? "")
        let autoWords = ["out of office", "out of the office", "automatic reply", "auto-reply", "autoreply",
                         "on annual leave", "on leave", "away until", "currently away", "i am currently out",
                         "limited access to email", "will be back on", "returning on", "ooo"]
        if autoSubmitted || autoHeader || autoWords.contains(where: { subject.contains($0) || text.contains($0) }) {
            return result(.autoReply(returnDate: nil), autoSubmitted || autoHeader ? 0.95 : 0.8, "automatic reply")
        }

        let unsubscribeWords = ["unsubscribe", "remove me", "stop emailing", "take me off", "opt out", "opt-out",
                                "do not contact", "don't contact", "do not email", "don't email", "stop contacting"]
        if unsubscribeWords.contains(where: text.contains) {
            return result(.unsubscribeRequest, 0.9, "asks not to be emailed")
        }
        if text.contains("not interested") {
            return result(.other, 0.7, "declines")
        }
        let meeting = ["meet", "book a time", "happy to chat", "schedule", "calendar", "catch up", "available on",
                       "available tuesday", "available monday", "let's talk", "lets talk"]
        let call = ["call me", "give me a ring", "my number", "phone me", "ring me", "a call"]
        let info = ["more info", "tell me more", "send me", "details", "rates", "pricing", "brochure", "learn more"]
        if call.contains(where: text.contains) { return result(.interested(.call), 0.8, "asks for a call") }
        if meeting.contains(where: text.contains) { return result(.interested(.meeting), 0.8, "agrees to meet") }
        if info.contains(where: text.contains) {
            return result(.interested(.moreInformation), 0.75, "asks for more information")
        }
        return result(.other, 0.5, "no rule matched")
    }

    private func result(_ kind: ReplyClassification.Kind, _ confidence: Double, _ reason: String)
        -> ReplyClassification
    {
        ReplyClassification(kind: kind, confidence: confidence, classifier: name, reason: reason)
    }

    /// The reply's own lines: stops at the first quoted-history marker or signature delimiter.
    static func ownText(_ body: String) -> String {
        var kept: [Substring] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(">") || trimmed == "--" || trimmed.hasPrefix("-----Original Message")
                || trimmed.hasPrefix("Sent from my") || (trimmed.hasPrefix("On ") && trimmed.hasSuffix("wrote:"))
                || (trimmed.hasPrefix("From:") && !kept.isEmpty)
            {
                break
            }
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }
}
