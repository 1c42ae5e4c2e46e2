import Foundation
import HTTPClient
import Harness
import Postgres
import Testing

/// What happens to a lead after its first email, through real processes: the recipient's opens, clicks
/// and one-click unsubscribe; a contact deleted in JobAdder; a template that cannot be filled; and two
/// `nurture` instances sharing the work.
@Suite(.serialized)
struct LeadLifecycleTests {
    @Test func opensClicksAndOneClickUnsubscribeMoveTheLeadAndReachJobAdder() throws {
        let stack = try HandoverStack(name: "tracking")
        defer { stack.shutdown() }
        try stack.createOrgWithAssistants(bodyExtra: " Our open roles: https://example.com/jobs?team=ops.")
        try stack.start("ingest")
        try stack.connectJobAdder()
        try stack.start("nurture")
        try stack.start("writeback")

        let contact = try #require(try stack.createContacts(1).first)
        try stack.assign([contact], to: "ashley@demo")
        try stack.waitUntil("the first email is sent", timeout: 60) { stack.sentEmails().count == 1 }
        let raw = try #require(stack.sentEmails().values.first?.first)
        let html = try #require(Self.htmlPart(of: raw), "the email has an HTML part")
        let pixel = try #require(Self.attribute("src", in: html, containing: "/t/open/"))
        let click = try #require(Self.attribute("href", in: html, containing: "/t/click/"))
        #expect(html.contains("https://example.com/jobs?team=ops</a>."), "the link text is kept, without the period")
        let unsubscribe = try #require(Self.headerURL("List-Unsubscribe", in: raw))
        #expect(!html.contains("/t/click/\(unsubscribe)"), "the unsubscribe link is never a tracked redirect")

        func state() throws -> String {
            try stack.query("SELECT state FROM leads WHERE contact_id = $1", [contact]).first?
                .decode("state", as: String.self) ?? ""
        }
        // One open: Engaged. Three: Warm, which JobAdder sees as Active Contact.
        let opened = try stack.http.execute(HTTPClientRequest(method: "GET", url: pixel))
        #expect(opened.status == 200)
        #expect(opened.header("content-type") == "image/gif")
        try stack.waitUntil("the lead is Engaged", timeout: 10) { try state() == "Engaged" }
        for _ in 0..<2 { _ = try stack.http.execute(HTTPClientRequest(method: "GET", url: pixel)) }
        try stack.waitUntil("the lead is Warm", timeout: 10) { try state() == "Warm" }
        try stack.waitUntil("JobAdder shows Active Contact", timeout: 60) {
            try stack.statusChanges().contains {
                ($0["contactId"] as? Int) == contact && ($0["statusName"] as? String) == "Active Contact"
            }
        }

        // A click redirects to the original link; an altered target is refused and counts nothing.
        let clicked = try stack.http.execute(HTTPClientRequest(method: "GET", url: click))
        #expect(clicked.status == 302)
        #expect(clicked.header("location") == "https://example.com/jobs?team=ops")
        let forged = click.replacingOccurrences(of: "example.com", with: "evil.example")
        #expect(try stack.http.execute(HTTPClientRequest(method: "GET", url: forged)).status == 400)
        #expect(try stack.count("SELECT clicks FROM messages WHERE direction = 'outbound'") == 1)
        #expect(try stack.count("SELECT opens FROM messages WHERE direction = 'outbound'") == 3)

        // RFC 8058 one-click: the mail client POSTs `List-Unsubscribe=One-Click` to the header's URL.
        let page = try stack.http.execute(HTTPClientRequest(method: "GET", url: unsubscribe))
        #expect(page.status == 200, "a person opening the link sees a confirming page first")
        #expect(try state() == "Warm", "opening the page changes nothing")
        let done = try stack.http.execute(
            HTTPClientRequest(
                method: "POST",
                url: unsubscribe,
                headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("List-Unsubscribe=One-Click".utf8)
            )
        )
        #expect(done.status == 200)
        #expect(try state() == "UnSubscribed")
        #expect(try stack.count("SELECT count(*) FROM suppressions") == 1, "the address is suppressed for the org")
        #expect(try stack.count("SELECT count(*) FROM due_steps") == 0, "no further step is scheduled")
        try stack.waitUntil("JobAdder shows Inactive Contact", timeout: 60) {
            try stack.statusChanges().contains {
                ($0["contactId"] as? Int) == contact && ($0["statusName"] as? String) == "Inactive Contact"
            }
        }
    }

    @Test func aContactDeletedInJobAdderDeactivatesItsLead() throws {
        let stack = try HandoverStack(name: "deleted")
        defer { stack.shutdown() }
        try stack.startConnected()

        let contacts = try stack.createContacts(2)
        try stack.assign(contacts, to: "ashley@demo")
        try stack.waitUntil("two leads", timeout: 30) { try stack.count("SELECT count(*) FROM leads") == 2 }
        // The recruiter deletes one contact before writeback has logged its confirmation note.
        try stack.control("DELETE", "/accounts/1001/contacts/\(contacts[0])")
        try stack.start("writeback")

        try stack.waitUntil("the deleted contact's lead is DeActivated", timeout: 60) {
            try stack.count(
                """
                SELECT count(*) FROM leads
                WHERE contact_id = $1 AND state = 'DeActivated' AND deactivation_cause = 'contact_deleted'
                """,
                [contacts[0]]
            ) == 1
        }
        try stack.waitUntil("the other contact's confirmation lands", timeout: 60) {
            try stack.notes().contains { ($0["contactId"] as? Int) == contacts[1] }
        }
        let handoverNotes = try stack.notes().filter { $0["reference"] is String }
        #expect(handoverNotes.allSatisfy { ($0["contactId"] as? Int) != contacts[0] }, "\(handoverNotes)")
        #expect(
            try stack.count(
                "SELECT count(*) FROM due_steps d JOIN leads l ON l.id = d.lead_id "
                    + "WHERE l.contact_id = $1",
                [contacts[0]]
            ) == 0,
            "the deleted contact is never emailed"
        )
        let history = try stack.cli(["leads", "show", "--org", "acme", "--contact", String(contacts[0])])
        #expect(history.contains("contact deleted in JobAdder"), "the lead's history says why: \(history)")
        #expect(try stack.cli(["dlq", "list"]).contains("no parked messages"))
    }

    @Test func aStepWithAnUnfilledFieldIsHeldNotSent() throws {
        let stack = try HandoverStack(name: "held")
        defer { stack.shutdown() }
        try stack.createOrgWithAssistants(greeting: "{{contact.firstName}}")
        try stack.start("ingest")
        try stack.connectJobAdder()
        try stack.start("nurture")

        let named = try stack.createContacts([["firstName": "Maya", "lastName": "Ito", "email": "maya@example.org"]])
        let unnamed = try stack.createContacts([["lastName": "Quinn", "email": "quinn@example.org"]])
        try stack.assign(named + unnamed, to: "ashley@demo")
        try stack.waitUntil("the named contact is emailed", timeout: 60) { stack.sentEmails().count == 1 }
        try stack.waitUntil("the unnamed contact's step is held", timeout: 30) {
            try stack.count("SELECT count(*) FROM lead_events WHERE kind = 'step_held'") == 1
        }
        let reason = try #require(
            try stack.query("SELECT state_reason FROM leads WHERE contact_id = $1", unnamed).first?
                .decode("state_reason", as: String?.self)
        )
        #expect(reason.contains("{{contact.firstName}}"), "the reason names the field: \(reason)")
        let email = try #require(stack.sentEmails().values.first?.first)
        #expect(email.contains("Hi Maya,"))
        #expect(!email.contains("{{"))
        Thread.sleep(forTimeInterval: 2)
        #expect(stack.sentEmails().count == 1, "the held step is never sent")
    }

    @Test func twoNurtureInstancesNeverSendTheSameStepTwice() throws {
        let stack = try HandoverStack(name: "nurture2")
        defer { stack.shutdown() }
        // Two steps due at once, so both instances race for every lead twice.
        try stack.createOrgWithAssistants(steps: 2, stepDelayHours: 0)
        try stack.start("ingest")
        try stack.connectJobAdder()
        try stack.start("nurture")
        try stack.start("nurture")

        let contacts = try stack.createContacts(150)
        try stack.assign(contacts, to: "ben@demo")
        try stack.waitUntil("both steps sent to every contact", timeout: 180) {
            stack.sentEmails().count >= 2 * contacts.count
        }
        Thread.sleep(forTimeInterval: 2)
        let emails = stack.sentEmails()
        #expect(emails.count == 2 * contacts.count)
        #expect(emails.values.allSatisfy { $0.count == 1 }, "each Message-ID reached the SMTP server once")
        var perRecipientAndStep: [String: Int] = [:]
        for text in emails.values.compactMap(\.first) {
            let lines = text.split(separator: "\n")
            let to = lines.first { $0.hasPrefix("To:") } ?? ""
            let subject = lines.first { $0.hasPrefix("Subject:") } ?? ""
            perRecipientAndStep["\(to)|\(subject)", default: 0] += 1
        }
        #expect(perRecipientAndStep.count == 2 * contacts.count, "no contact got the same step twice")
        #expect(
            try stack.count(
                "SELECT count(*) FROM (SELECT DISTINCT lead_id, step FROM messages WHERE direction = 'outbound') s"
            ) == 2 * contacts.count
        )
    }

    @Test func aReplyThatRacesTheNextSendWins() throws {
        let stack = try HandoverStack(name: "race")
        defer { stack.shutdown() }
        try stack.startConnected("nurture")

        let contact = try #require(try stack.createContacts(1).first)
        try stack.assign([contact], to: "ashley@demo")
        try stack.waitUntil("the first email is sent", timeout: 60) { stack.sentEmails().count == 1 }
        let (messageID, sent) = try #require(stack.sentEmails().first.map { ($0.key, $0.value[0]) })
        let leadID = try #require(
            try stack.query("SELECT id FROM leads WHERE contact_id = $1", [contact]).first?.decode("id", as: UUID.self)
        )

        // Hold the lead's lock, as a slow step of either side would, so both sides queue behind it: the reply
        // first, then the sender with step 2 due now.
        let holder = try PostgresConnection.connect(url: stack.environment["HANDOVER_DATABASE_URL"] ?? "")
        defer { holder.close() }
        let key = "lead:\(leadID.uuidString.lowercased())"
        try holder.execute("SELECT pg_advisory_lock(hashtextextended($1, 0))", [key])
        func waiting() throws -> Int {
            try stack.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        }
        let address = Self.headerAddress("To", in: sent)
        let reply = """
            From: \(address)\r
            To: ashley@demo.7ts-e.com\r
            Subject: Re: Hello\r
            Message-ID: <race-\(UUID().uuidString)@example.org>\r
            In-Reply-To: \(messageID)\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Please take me off your list.\r
            """
        let accepted = try stack.http.execute(
            HTTPClientRequest(
                method: "POST",
                url: "http://127.0.0.1:\(stack.ports["nurture"] ?? 0)/inbound/email",
                headers: [("Content-Type", "message/rfc822")],
                body: Array(reply.utf8)
            )
        )
        #expect(accepted.status == 202)
        try stack.waitUntil("the reply waits for the lead", timeout: 30) { try waiting() == 1 }
        try holder.systemTransaction {
            try $0.execute("UPDATE due_steps SET due_at = now() WHERE lead_id = $1", [leadID])
        }
        try stack.waitUntil("the sender waits for the lead too", timeout: 30) { try waiting() == 2 }
        try holder.execute("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key])

        try stack.waitUntil("the reply is recorded", timeout: 30) {
            try stack.count("SELECT count(*) FROM leads WHERE id = $1 AND state = 'UnSubscribed'", [leadID]) == 1
        }
        Thread.sleep(forTimeInterval: 2)
        #expect(stack.sentEmails().count == 1, "step 2 never went out")
        #expect(try stack.count("SELECT count(*) FROM messages WHERE direction = 'outbound'") == 1)
        #expect(try stack.count("SELECT count(*) FROM due_steps") == 0)
    }

    // MARK: Reading a sent email

    /// The decoded `text/html` part of a raw email (quoted-printable, as Handover sends it).
    static func htmlPart(of raw: String) -> String? {
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n")
        guard let header = text.range(of: "Content-Type: text/html", options: .caseInsensitive),
            let bodyStart = text.range(of: "\n\n", range: header.upperBound..<text.endIndex)
        else { return nil }
        let rest = text[bodyStart.upperBound...]
        let encoded = rest.range(of: "\n--").map { rest[..<$0.lowerBound] } ?? rest
        return quotedPrintableDecoded(String(encoded))
    }

    static func quotedPrintableDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.replacingOccurrences(of: "=\n", with: "").utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "="), index + 2 < input.count,
                let value = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first `name="…"` attribute value containing `marker`, with HTML entities undone.
    static func attribute(_ name: String, in html: String, containing marker: String) -> String? {
        html.components(separatedBy: "\(name)=\"").dropFirst()
            .compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
            .first { $0.contains(marker) }?
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The bare address of a header like `To: Name <a@b>`.
    static func headerAddress(_ name: String, in raw: String) -> String {
        let line = raw.split(separator: "\n").first { $0.hasPrefix("\(name):") }
        let value = line.map { String($0.dropFirst(name.count + 1)) } ?? ""
        let inside = value.split(separator: "<").last.map { $0.split(separator: ">").first ?? "" } ?? ""
        return String(inside).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func headerURL(_ name: String, in raw: String) -> String? {
        let line = raw.split(separator: "\n").first { $0.hasPrefix("\(name):") }
        guard let line, let open = line.firstIndex(of: "<"), let close = line.firstIndex(of: ">") else { return nil }
        return String(line[line.index(after: open)..<close])
    }
}
