import Foundation
import Testing

@testable import Mail

/// Focused classifier rules: quote stripping, negation, ordering and date formats.
@Suite struct RuleBasedClassifierTests {
    private let classifier = RuleBasedClassifier()

    private func classify(
        _ body: String,
        subject: String = "Re: Senior Data Engineer role",
        headers: [String: String] = [:]
    )
        -> ReplyClassification
    {
        let date = ISO8601DateFormatter().date(from: "2026-12-03T10:00:00Z")
        return classifier.classify(InboundEmail(subject: subject, date: date, headers: headers, textBody: body))
    }

    @Test func everyRuleCompiles() {
        let rules = IntentRules.allRules + AutoReplyDetector.allRules
        let invalid = rules.filter { !$0.isValid }.map(\.label)
        #expect(invalid.isEmpty)
    }

    @Test func quotedFooterNeverTriggers() {
        let body =
            "Who are you?\n\nOn Wed, 2 Dec 2026 at 16:05, Alex <a@b.example> wrote:\n"
            + "> Happy to chat.\n> unsubscribe here"
        #expect(classify(body).kind == .other)
        let outlook = "Thanks.\n\nFrom: Alex\nSent: Wednesday\nTo: Jo\nSubject: Role\n\nSend me more info? Unsubscribe."
        #expect(classify(outlook).kind == .other)
    }

    @Test func negationsAreRespected() {
        #expect(classify("I'm not interested in a call, sorry.").kind == .other)
        #expect(classify("Not interested.").kind == .other)
        #expect(classify("Not interested, please stop emailing me.").kind == .unsubscribeRequest)
        #expect(classify("No need to send me more info.").kind == .other)
    }

    @Test func earliestInterestWins() {
        #expect(classify("Let's meet on Tuesday, or call me if easier.").kind == .interested(.meeting))
        #expect(classify("Call me first, then we can book a time.").kind == .interested(.call))
    }

    @Test func signOffBlockIsNotContent() {
        #expect(classify("Sounds good.\n\nRegards,\nSam\nUnsubscribe Ltd, Level 3").kind == .other)
        #expect(classify("Thanks,\ncan you send me more details?").kind == .interested(.moreInformation))
    }

    @Test func headerAutoReplyWinsWithoutWording() {
        let result = classify("We got your message.", headers: ["auto-submitted": "auto-replied"])
        #expect(result.kind == .autoReply(returnDate: nil))
        #expect(classify("Hello", headers: ["auto-submitted": "no"]).kind == .other)
    }

    @Test func returnDateFormats() {
        let finder = ReturnDateFinder()
        let reference = ISO8601DateFormatter().date(from: "2026-12-03T10:00:00Z") ?? Date()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let cases: [(String, String)] = [
            ("back on Monday 14 December", "2026-12-14"),
            ("returning 14/12/2026", "2026-12-14"),
            ("back December 14th", "2026-12-14"),
            ("back on the 14th", "2026-12-14"),
            ("back 2026-12-14", "2026-12-14"),
            ("away until 12/31/2026", "2026-12-31"),
            ("back on Jan 5", "2027-01-05"),
            ("back on Monday", "2026-12-07"),
            ("out from 1 December to 8 December", "2026-12-08"),
        ]
        for (text, expected) in cases {
            #expect(finder.find(in: text, relativeTo: reference).map(formatter.string) == expected, "\(text)")
        }
        #expect(finder.find(in: "I am out of the office.", relativeTo: reference) == nil)
    }

    @Test func decisionCarriesNameAndConfidence() {
        let result = classify("Please unsubscribe me")
        #expect(result.classifierName == "rules-v1")
        #expect(result.confidence > 0.5 && result.confidence <= 1)
        #expect(!result.reason.contains("Please"))
    }
}
