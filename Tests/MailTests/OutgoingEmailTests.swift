import Foundation
import Testing

@testable import Mail

/// Rendering with GMime, then parsing the result back with GMime.
@Suite struct OutgoingEmailTests {
    private func makeEmail() -> OutgoingEmail {
        OutgoingEmail(
            from: MailAddress(address: "zoe@agency.example", name: "Zoë Müller — Recruiter"),
            to: MailAddress(address: "jo@example.com", name: "Jo Bloggs"),
            subject: "Über dein Profil: a role in Zürich ☕️",
            textBody:
                "Hi Jo,\n\nA line with ünïcödé and a very long line that goes on and on and on and on and on and on "
                + "and on past seventy-six characters.\n.\nA dot line above.\n",
            htmlBody: "<p>Hi Jo,</p><p>Ünïcödé &amp; more</p>",
            messageID: "<second@agency.example>",
            inReplyTo: "<first@agency.example>",
            references: ["<first@agency.example>"],
            listUnsubscribeURL: "https://handover.example/u/abc.def",
            listUnsubscribeMailto: "unsubscribe+abc@agency.example",
            extraHeaders: [OutgoingEmail.Header(name: "X-Handover-Lead", value: "42")]
        )
    }

    @Test func roundTripKeepsSubjectThreadingAndUnsubscribeHeaders() throws {
        let email = makeEmail()
        let bytes = try email.render()
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: " ")

        #expect(text.contains("\r\n"))
        #expect(!text.contains("Zürich"), "subject must be RFC 2047 encoded")
        #expect(text.contains("MIME-Version: 1.0"))
        #expect(text.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(
            text.contains(
                "List-Unsubscribe: <https://handover.example/u/abc.def>, <mailto:unsubscribe+abc@agency.example>"
            )
        )
        #expect(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        #expect(text.contains("X-Handover-Lead: 42"))
        #expect(text.contains("Date: "))

        let parsed = try InboundEmail.parse(raw: bytes)
        #expect(parsed.subject == email.subject)
        #expect(parsed.messageID == "second@agency.example")
        #expect(parsed.inReplyTo == "first@agency.example")
        #expect(parsed.references == ["first@agency.example"])
        #expect(parsed.from == email.from)
        #expect(parsed.to == [email.to])
        #expect(parsed.textBody.contains("ünïcödé"))
        #expect(parsed.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(parsed.header("List-Unsubscribe")?.contains("<https://handover.example/u/abc.def>") == true)
        #expect(parsed.textBody.contains("\n.\nA dot line above."))
        #expect(abs((parsed.date ?? .distantPast).timeIntervalSince(email.date)) < 1.5)
    }

    @Test func headerInjectionIsRejected() {
        var email = makeEmail()
        email.subject = "Hello\r\nBcc: victim@example.com"
        #expect(throws: MailBuildError.self) { try email.render() }

        email = makeEmail()
        email.extraHeaders = [OutgoingEmail.Header(name: "Subject", value: "x")]
        #expect(throws: MailBuildError.self) { try email.render() }

        email = makeEmail()
        email.listUnsubscribeURL = "http://insecure.example/u"
        #expect(throws: MailBuildError.self) { try email.render() }
    }

    @Test func messageIDsAreUnique() {
        let ids = (0..<1000).map { _ in MessageIDGenerator.make(domain: "agency.example") }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasPrefix("<") && $0.hasSuffix("@agency.example>") })
    }

}
