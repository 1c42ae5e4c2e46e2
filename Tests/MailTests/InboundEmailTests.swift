import Foundation
import Glibc
import Testing

@testable import Mail

/// Parsing details: threading ids, addresses, DSN fields, HTML conversion, limits and memory.
@Suite struct InboundEmailTests {
    private func corpusMessage(_ category: String, _ name: String) throws -> InboundEmail {
        let sample = try CorpusTests.loadCorpus().first { $0.category == category && $0.name == name + ".eml" }
        return try InboundEmail.parse(raw: try #require(sample).raw)
    }

    @Test func threadingHeadersAreBare() throws {
        let email = try corpusMessage("interested-call", "call-me-after-five")
        #expect(email.inReplyTo == "3f1c9a20-6d2e-4c1b-9a0e-1b2c3d4e5f60@mail.brightside.example")
        #expect(
            email.references == [
                "1a2b3c4d-0000-4000-8000-000000000001@mail.brightside.example",
                "3f1c9a20-6d2e-4c1b-9a0e-1b2c3d4e5f60@mail.brightside.example",
            ]
        )
        #expect(email.messageID?.contains("<") == false)
        #expect(email.from == MailAddress(address: "sam.taylor@acme.example", name: "Sam Taylor"))
        #expect(email.deliveredTo == ["alex@mail.brightside.example"])
    }

    @Test func rfc3464ReportIsParsed() throws {
        let email = try corpusMessage("bounce-hard", "postfix-rfc3464-user-unknown")
        let report = try #require(email.deliveryStatus)
        #expect(report.reportingMTA == "mail.brightside.example")
        let recipient = try #require(report.recipients.first)
        #expect(recipient.finalRecipient == "sam.taylor@acme.example")
        #expect(recipient.action == "failed")
        #expect(recipient.status == "5.1.1")
        #expect(recipient.diagnosticCode?.hasPrefix("550 5.1.1") == true)
        #expect(email.returnedMessageID == "3f1c9a20-6d2e-4c1b-9a0e-1b2c3d4e5f60@mail.brightside.example")
        #expect(email.textBody.contains("could not"))
    }

    @Test func returnedMessageIDFromAttachedMessageAndFromPlainText() throws {
        let gmail = try corpusMessage("bounce-hard", "gmail-address-not-found")
        #expect(gmail.returnedMessageID == "3f1c9a20-6d2e-4c1b-9a0e-1b2c3d4e5f60@mail.brightside.example")
        #expect(!gmail.textBody.contains("Senior Data Engineer role with one"), "the returned copy is not body text")
        let qmail = try corpusMessage("bounce-hard", "qmail-no-mailbox")
        #expect(qmail.returnedMessageID == "3f1c9a20-6d2e-4c1b-9a0e-1b2c3d4e5f60@mail.brightside.example")
    }

    @Test func charsetsAndEncodedWordsAreDecoded() throws {
        let latin = try corpusMessage("unsubscribe", "latin1-remove-my-address")
        #expect(latin.from?.name == "Jürgen Müller")
        #expect(latin.textBody.contains("Grüßen"))
        let windows = try corpusMessage("interested-meeting", "cp1252-arrange-meeting-monday")
        #expect(windows.textBody.contains("I’m free after 2pm – let me know"))
        #expect(windows.from?.name == "Renée O’Brien")
        let subject = try corpusMessage("interested-meeting", "utf8-subject-coffee")
        #expect(subject.subject == "Re: Rôle à Zürich")
        let base64 = try corpusMessage("auto-reply", "base64-x-autoreply-iso-date")
        #expect(base64.textBody.contains("équipe"))
        #expect(base64.header("X-Autoreply") == "yes")
    }

    @Test func htmlOnlyBodiesBecomeText() throws {
        let email = try corpusMessage("interested-meeting", "html-outlook-keen-to-catch-up")
        #expect(email.textBody.contains("Timing is actually good – I’d be keen to catch up."))
        #expect(!email.textBody.contains("MsoNormal"))

        let text = HTMLText.plainText(
            fromHTML: """
                <html><head><style>p { color: red; }</style><script>alert(1)</script></head><body>
                <p>Hello&nbsp;there &amp; welcome,</p><p>line&#160;two<br>line three</p>
                <blockquote><p>quoted &lt;text&gt;</p></blockquote><ul><li>one</li><li>two</li></ul></body></html>
                """
        )
        #expect(text == "Hello there & welcome,\n\nline two\nline three\n\n> quoted <text>\n\n- one\n- two")
    }

    @Test func limitsAndGarbage() {
        #expect(throws: MailParseError(.empty)) { try InboundEmail.parse(raw: []) }
        #expect(throws: MailParseError(.tooLarge(size: 101, limit: 100))) {
            try InboundEmail.parse(raw: [UInt8](repeating: 65, count: 101), sizeLimit: 100)
        }
        #expect(throws: MailParseError.self) { try InboundEmail.parse(raw: Array("\n\n\n".utf8)) }
    }

    /// Resident set size in bytes, from /proc/self/statm.
    private func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = Int(statm.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test func tenThousandParsesDoNotLeak() throws {
        let samples = try CorpusTests.loadCorpus()
        let outgoing = OutgoingEmail(
            from: MailAddress(address: "a@agency.example"),
            to: MailAddress(address: "b@example.com"),
            subject: "Grüße",
            textBody: "Hallo",
            htmlBody: "<p>Hallo</p>",
            messageID: "<x@agency.example>",
            listUnsubscribeURL: "https://handover.example/u/1"
        )
        func churn(_ count: Int) throws {
            for index in 0..<count {
                _ = try InboundEmail.parse(raw: samples[index % samples.count].raw)
                if index % 10 == 0 { _ = try outgoing.render() }
            }
        }
        try churn(2_000)
        let before = residentBytes()
        try churn(10_000)
        let growth = residentBytes() - before
        print("RSS growth over 10,000 parses (+1,000 renders): \(growth / 1024) KiB")
        #expect(growth < 8 * 1024 * 1024)
    }
}
