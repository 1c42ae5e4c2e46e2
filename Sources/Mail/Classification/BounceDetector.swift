/// Recognises delivery failure reports and decides hard versus soft.
///
/// A report counts as a bounce when it carries an RFC 3464 `message/delivery-status` part, or when it comes
/// from a mail system (MAILER-DAEMON, postmaster, "Mail Delivery System"…, or an empty Return-Path) and its
/// subject or text reads like one of the common non-standard formats (Postfix, Exim, qmail, Sendmail,
/// Gmail, Exchange, Yahoo). Hard or soft: RFC 3464 status 5.x.x is hard and 4.x.x soft, except "mailbox
/// full" (x.2.2, 552, quota) which is soft because it usually clears; without a DSN the text decides by
/// the same codes and wording, and an unexplained failure counts as hard.
struct BounceDetector {
    /// The decision, or nil when the email is not a bounce.
    func detect(_ email: InboundEmail) -> ReplyClassificationDraft? {
        if let report = email.deliveryStatus, let verdict = verdict(for: report) {
            return verdict
        }

        let subject = SearchableText(email.subject.lowercased())
        let isFromMailSystem = Self.isMailSystem(email)
        let subjectMatches = subject.containsAny(Self.bounceSubjects)
        let diagnosticString = Self.diagnosticText(email.textBody)
        let diagnostic = SearchableText(diagnosticString)
        let bodyMatches = diagnostic.containsAny(Self.bounceBodyPhrases)
        guard (isFromMailSystem && (subjectMatches || bodyMatches)) || (subjectMatches && bodyMatches) else {
            return nil
        }

        let subjectSaysDelay = subject.contains("delay") || subject.contains("warning")
        if subjectSaysDelay || diagnostic.containsAny(Self.softPhrases) {
            return ReplyClassificationDraft(
                kind: .bounce(hard: false),
                confidence: 0.85,
                reason: "bounce text: temporary or mailbox full"
            )
        }
        if let status = Self.firstEnhancedStatus(in: diagnosticString) {
            return statusVerdict(status, source: "bounce text status", confidence: 0.85)
        }
        if diagnostic.containsAny(Self.hardPhrases) {
            return ReplyClassificationDraft(
                kind: .bounce(hard: true),
                confidence: 0.85,
                reason: "bounce text: address does not exist"
            )
        }
        if let code = Self.firstSMTPCode(in: diagnosticString) {
            let isSoft = code < 500 || code == 552
            return ReplyClassificationDraft(
                kind: .bounce(hard: !isSoft),
                confidence: 0.75,
                reason: "bounce text SMTP code \(code)"
            )
        }
        return ReplyClassificationDraft(
            kind: .bounce(hard: true),
            confidence: 0.6,
            reason: "bounce without a stated reason"
        )
    }

    private func verdict(for report: DeliveryStatusReport) -> ReplyClassificationDraft? {
        let failing = report.recipients.filter { $0.action == "failed" || $0.action == "delayed" }
        guard
            let recipient = failing.first ?? report.recipients.first(where: { $0.statusClass.map { $0 >= 4 } ?? false })
        else { return nil }
        let diagnostic = SearchableText(recipient.diagnosticCode?.lowercased() ?? "")
        if recipient.action == "delayed" {
            return ReplyClassificationDraft(kind: .bounce(hard: false), confidence: 0.95, reason: "DSN action delayed")
        }
        if let status = recipient.status {
            if diagnostic.containsAny(Self.softPhrases) {
                return ReplyClassificationDraft(
                    kind: .bounce(hard: false),
                    confidence: 0.95,
                    reason: "DSN status \(status), mailbox full"
                )
            }
            return statusVerdict(status, source: "DSN status", confidence: 0.97)
        }
        return ReplyClassificationDraft(kind: .bounce(hard: true), confidence: 0.8, reason: "DSN action failed")
    }

    private func statusVerdict(_ status: String, source: String, confidence: Double) -> ReplyClassificationDraft {
        let isMailboxFull = status.hasSuffix(".2.2") || status.hasSuffix(".2.0") && status.hasPrefix("4")
        let isHard = status.hasPrefix("5") && !isMailboxFull
        return ReplyClassificationDraft(
            kind: .bounce(hard: isHard),
            confidence: confidence,
            reason: "\(source) \(status)"
        )
    }

    private static let mailSystemLocalParts: Set<String> = [
        "mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon", "bounce", "bounces", "mdaemon",
    ]
    private static let mailSystemNames = [
        "mail delivery", "mailer-daemon", "mailer daemon", "postmaster", "microsoft outlook", "mail administrator",
    ]

    private static func isMailSystem(_ email: InboundEmail) -> Bool {
        if let from = email.from {
            if mailSystemLocalParts.contains(from.localPart) { return true }
            let name = from.name?.lowercased() ?? ""
            if mailSystemNames.contains(where: { name.contains($0) }) { return true }
        }
        let returnPath = email.header("return-path")?.replacingOccurrences(of: " ", with: "")
        return returnPath == "<>" || returnPath == ""
    }

    static let bounceSubjects = [
        "undelivered mail returned to sender", "mail delivery failed", "delivery status notification",
        "failure notice", "undeliverable:", "undeliverable mail", "returned mail", "delivery failure",
        "message not delivered", "delivery has failed", "could not send message", "mail delivery failure",
        "undelivered mail", "non-delivery", "delivery notification", "mail system error", "delivery problem",
        "message delivery failure", "address not found",
    ]
    static let bounceBodyPhrases = [
        "could not be delivered", "couldn't be delivered", "wasn't delivered", "was not delivered",
        "delivery has failed", "delivery to the following recipient", "permanent error", "permanent fatal error",
        "undeliverable", "user unknown", "no such user", "does not exist", "address not found",
        "unable to deliver", "message could not be delivered", "mailbox unavailable", "recipient address rejected",
        "delivery temporarily suspended", "mailbox is full", "quota exceeded", "over quota", "hi. this is the qmail",
        "this is the mail system at host", "delivery to the following recipients failed",
        "i'm afraid i wasn't able to deliver", "message wasn't delivered", "failed permanently",
        "delivery incomplete", "has been delayed", "will retry", "returned to sender", "diagnostic-code",
        "i'm sorry to have to inform you", "sorry, no mailbox here", "has not yet been delivered",
        "delivery attempts will continue",
    ]
    static let softPhrases = [
        "mailbox full", "mailbox is full", "quota", "insufficient storage", "exceeded storage", "storage allocation",
        "temporarily", "temporary failure", "will retry", "will continue to try", "has been delayed",
        "try again later", "greylist", "delivery incomplete", "still trying", "has not yet been delivered",
        "not yet been delivered", "delivery attempts will continue", "still undelivered",
    ]
    static let hardPhrases = [
        "user unknown", "unknown user", "no such user", "does not exist", "doesn't exist", "address not found",
        "recipient address rejected", "invalid recipient", "mailbox unavailable", "no mailbox here",
        "account has been disabled", "account is disabled", "couldn't be found", "wasn't found", "not found",
        "unrouteable address", "unknown recipient", "no such recipient", "bad destination mailbox",
        "host not found", "domain not found", "unknown or illegal alias", "address rejected",
    ]

    /// The report part of a bounce, lower-cased: the text before the returned copy of the original message.
    static func diagnosticText(_ body: String) -> String {
        let lower = SearchableText(body.lowercased())
        let markers = [
            "below this line is a copy of the message", "this is a copy of the message",
            "original message headers", "----- original message -----", "------ this is a copy",
            "--- the header of the original message",
        ]
        let end = markers.compactMap { lower.offset(of: $0) }.min() ?? lower.bytes.count
        return lower.prefix(upTo: end)
    }

    /// The first RFC 3463 status code (`5.1.1`) in text.
    static func firstEnhancedStatus(in text: String) -> String? {
        enhancedStatus.firstMatchText(in: text)
    }

    /// The first SMTP reply code (`550`) standing alone in text.
    static func firstSMTPCode(in text: String) -> Int? {
        smtpCode.firstMatchText(in: text).flatMap(Int.init)
    }

    private static let enhancedStatus = PhraseRule(
        #"\b[45]\.[0-9]{1,3}\.[0-9]{1,3}\b"#,
        label: "status",
        honoursNegation: false
    )
    private static let smtpCode = PhraseRule(#"\b[45][0-9]{2}\b(?=[ -])"#, label: "code", honoursNegation: false)
}
