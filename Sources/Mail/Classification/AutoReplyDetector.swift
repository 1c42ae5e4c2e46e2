import Foundation

/// Recognises automatic replies: out-of-office notes, vacation responders and ticket acknowledgements.
///
/// Header evidence (RFC 3834 `Auto-Submitted` other than `no`, `X-Autoreply`, `X-Autorespond`,
/// `Precedence: auto_reply/bulk/junk`) or an auto-reply subject is decisive. Wording alone ("out of
/// office", "on annual leave", "I am currently out", "will be back on"…) also counts, because many
/// clients send out-of-office notes without any header; a human who writes such a sentence in a real
/// reply is misread as away, which only pauses the schedule until the return date.
struct AutoReplyDetector {
    let returnDates = ReturnDateFinder()

    /// The decision, or nil when the email does not look automatic. `content` is the reply's own text.
    func detect(_ email: InboundEmail, content: String) -> ReplyClassificationDraft? {
        let evidence = headerEvidence(email) ?? subjectEvidence(email) ?? wordingEvidence(content)
        guard let (reason, confidence) = evidence else { return nil }
        let returnDate = returnDates.find(in: content, relativeTo: email.date ?? Date())
        return ReplyClassificationDraft(
            kind: .autoReply(returnDate: returnDate),
            confidence: confidence,
            reason: reason
        )
    }

    private func headerEvidence(_ email: InboundEmail) -> (String, Double)? {
        if let value = email.header("auto-submitted")?.lowercased(), !value.hasPrefix("no") {
            return ("Auto-Submitted: \(value.prefix(20))", 0.97)
        }
        if email.header("x-autoreply") != nil { return ("X-Autoreply header", 0.95) }
        if email.header("x-autorespond") != nil { return ("X-Autorespond header", 0.95) }
        if let precedence = email.header("precedence")?.lowercased(),
            ["auto_reply", "auto-reply", "bulk", "junk"].contains(precedence)
        {
            return ("Precedence: \(precedence)", 0.9)
        }
        return nil
    }

    private static let subjectMarkers = [
        "automatic reply", "auto reply", "autoreply", "auto-reply", "auto response", "autoresponse",
        "out of office", "out of the office", "ooo:", "away from the office", "abwesenheitsnotiz",
        "réponse automatique", "respuesta automática", "vacation reply", "on leave",
    ]

    private func subjectEvidence(_ email: InboundEmail) -> (String, Double)? {
        let subject = email.subject.lowercased()
        guard subject.hasPrefix("auto:") || SearchableText(subject).containsAny(Self.subjectMarkers) else {
            return nil
        }
        return ("auto-reply subject", 0.9)
    }

    private static let wording: [PhraseRule] = [
        PhraseRule(#"\bout of (the )?office\b"#, label: "out of office"),
        PhraseRule(#"\bOOO\b"#, label: "OOO", honoursNegation: false),
        PhraseRule(
            #"\b(currently |presently )?on "#
                + #"(annual |maternity |paternity |parental |sick |study |long service )?leave\b"#,
            label: "on leave"
        ),
        PhraseRule(#"\b(annual|maternity|paternity|parental|long service) leave\b"#, label: "leave"),
        PhraseRule(#"\baway (from (the office|my desk|work) )?until\b"#, label: "away until"),
        PhraseRule(
            #"\bI(\s+am|'m|’m)\s+(currently\s+|presently\s+)?(out|away|travell?ing|on (holiday|vacation))\b"#,
            label: "I am currently out"
        ),
        PhraseRule(
            #"\b(will|I'll|I’ll) be (back|returning) (in the office |to the office |to work )?(on|from|after)\b"#,
            label: "will be back on"
        ),
        PhraseRule(#"\breturning (to (the office|work) )?on\b"#, label: "returning on"),
        PhraseRule(#"\bwith (limited|no) access to (my )?e-?mail\b"#, label: "limited access to email"),
        PhraseRule(
            #"\b(thank you|thanks) for your (e-?mail|message)[.!,]? (I|this|your)"#,
            label: "thanks for your email",
            honoursNegation: false
        ),
        PhraseRule(#"\bthis is an automa(tic|ted) (reply|response|message)\b"#, label: "automatic reply"),
        PhraseRule(#"\bon (holiday|vacation) until\b"#, label: "on holiday until"),
        PhraseRule(#"\bno longer (work|works|working|employed) (at|for|with)\b"#, label: "no longer with the company"),
    ]

    private func wordingEvidence(_ content: String) -> (String, Double)? {
        var labels: [String] = []
        for rule in Self.wording where rule.matches(content) {
            labels.append(rule.label)
        }
        // "Thanks for your email" alone is how many humans start a reply; it only supports other evidence.
        let decisive = labels.filter { $0 != "thanks for your email" }
        guard !decisive.isEmpty else { return nil }
        return ("auto-reply wording: \(decisive.prefix(2).joined(separator: ", "))", labels.count > 1 ? 0.85 : 0.75)
    }

    /// Every wording rule, for the tests to check they compile.
    static var allRules: [PhraseRule] { wording }
}
