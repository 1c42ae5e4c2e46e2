import Foundation
import Harness
import Testing

/// The whole path with real processes: a recruiter's status change in the (sandbox) JobAdder, the
/// webhook, ingest's takeover, nurture's first email over SMTP, writeback's notes in JobAdder.
@Suite(.serialized)
struct EndToEndTests {
    @Test func oneAssignmentFlowsThroughAllThreeWorkers() throws {
        let stack = try HandoverStack(name: "one")
        defer { stack.shutdown() }
        try stack.startConnected("nurture", "writeback")

        let contact = try #require(try stack.createContacts(1).first)
        try stack.assign([contact], to: "ashley@demo")

        try stack.waitUntil("the lead exists", timeout: 30) {
            try stack.count("SELECT count(*) FROM leads WHERE contact_id = $1 AND state = 'Cold'", [contact]) == 1
        }
        try stack.waitUntil("the first email is sent", timeout: 60) { stack.sentEmails().count == 1 }
        try stack.waitUntil("confirmation and email notes are in JobAdder", timeout: 60) {
            try stack.notes().filter { ($0["contactId"] as? Int) == contact && ($0["reference"] as? String) != nil }
                .count == 2
        }
        let email = try #require(stack.sentEmails().values.first?.first)
        #expect(email.contains("List-Unsubscribe: <http://127.0.0.1:"))
        #expect(email.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        // Every stage recorded the messages it handled with their effects.
        for consumer in ["ingest", "nurture", "writeback"] {
            #expect(try stack.count("SELECT count(*) FROM inbox WHERE consumer = $1", [consumer]) >= 1)
        }
        #expect(try stack.count("SELECT count(*) FROM outbox") == 0)
    }

    @Test func bulkAssignmentMakesOneLeadAndOneConfirmationEach() throws {
        let stack = try HandoverStack(name: "bulk")
        defer { stack.shutdown() }
        try stack.createOrgWithAssistants()
        // Two ingest instances share the work queue and the polling; neither may duplicate the other.
        try stack.start("ingest")
        try stack.start("ingest")
        try stack.connectJobAdder()
        try stack.start("writeback")

        // JobAdder may deliver an event twice and out of order: still one lead and one note each.
        try stack.control("PUT", "/accounts/1001/settings", ["duplicateDeliveries": true, "shuffleDeliveries": true])
        let contacts = try stack.createContacts(1_000)
        let started = Date()
        try stack.assign(contacts, to: "ben@demo")
        try stack.waitUntil("1,000 leads", timeout: 180) {
            try stack.count("SELECT count(*) FROM leads") == contacts.count
        }
        let elapsed = Date().timeIntervalSince(started)
        try stack.waitUntil("1,000 confirmation notes", timeout: 240) {
            try stack.notes().filter { ($0["type"] as? String) == "General" }.count >= contacts.count
        }
        Thread.sleep(forTimeInterval: 2)
        let confirmations = try stack.notes().filter { ($0["type"] as? String) == "General" }
        let references = confirmations.compactMap { $0["reference"] as? String }
        #expect(references.count == contacts.count)
        #expect(Set(references).count == references.count, "no confirmation note is duplicated")
        #expect(try stack.count("SELECT count(DISTINCT contact_id) FROM leads") == contacts.count)
        print(
            "bulk assignment: \(contacts.count) leads committed "
                + "\(String(format: "%.2f", elapsed)) s after the status change (2 ingest instances)"
        )
    }

    @Test func killingWritebackMidRunLosesAndDuplicatesNothing() throws {
        let stack = try HandoverStack(name: "kill")
        defer { stack.shutdown() }
        try stack.createOrgWithAssistants()
        try stack.control("PUT", "/accounts/1001/settings", ["accessTokenTTL": 65])
        try stack.start("ingest")
        try stack.connectJobAdder()
        // 20% 5xx with latency, access tokens that need refreshing after 5 s (each process refreshes; the
        // refresh token rotates each time), and a 429 burst in the middle.
        try stack.control(
            "PUT",
            "/accounts/1001/settings",
            ["faults": ["errorRate": 0.2, "latencyMs": 5], "accessTokenTTL": 65]
        )
        try stack.start("writeback")

        let contacts = try stack.createContacts(200)
        try stack.assign(contacts, to: "ashley@demo")
        for round in 0..<3 {
            Thread.sleep(forTimeInterval: 1.5)
            stack.kill("writeback")
            try stack.start("writeback")
            if round == 1 { try stack.control("PUT", "/accounts/1001/settings", ["rateLimit": 5]) }
        }
        try stack.control("PUT", "/accounts/1001/settings", ["faults": NSNull(), "rateLimit": NSNull()])
        try stack.waitUntil("every confirmation note landed", timeout: 240) {
            try stack.notes().filter { ($0["type"] as? String) == "General" }.count >= contacts.count
        }
        Thread.sleep(forTimeInterval: 2)
        let references = try stack.notes().compactMap { $0["reference"] as? String }
        #expect(Set(references).count == references.count, "no note is written twice")
        #expect(references.count == contacts.count)
        #expect(try stack.count("SELECT count(*) FROM jobadder_connections WHERE state = 'connected'") == 1)
        #expect(try stack.count("SELECT version FROM jobadder_connections") >= 3, "tokens were refreshed mid-run")
    }

    @Test func sigtermDrainsAndExitsCleanly() throws {
        let stack = try HandoverStack(name: "sigterm")
        defer { stack.shutdown() }
        try stack.createOrgWithAssistants()
        try stack.start("writeback")
        let started = Date()
        let status = try #require(stack.terminate("writeback"))
        #expect(status == 0, "exit status after SIGTERM")
        #expect(Date().timeIntervalSince(started) < 15)
        let log = try stack.logs("writeback")
        #expect(log.contains("shutdown requested; draining"))
        #expect(log.contains("worker stopped"))
    }

    @Test func anInterestedReplyStopsTheSequenceAndHandsTheContactBack() throws {
        let stack = try HandoverStack(name: "reply")
        defer { stack.shutdown() }
        try stack.startConnected("nurture", "writeback")

        let contact = try #require(try stack.createContacts(1).first)
        try stack.assign([contact], to: "ashley@demo")
        try stack.waitUntil("the first email is sent", timeout: 60) { stack.sentEmails().count == 1 }
        let (messageID, sent) = try #require(stack.sentEmails().first.map { ($0.key, $0.value[0]) })
        let to = sent.split(separator: "\n").first { $0.hasPrefix("To:") }.map { String($0.dropFirst(3)) } ?? ""
        let address =
            to.split(separator: "<").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "> \r")) }
            ?? to.trimmingCharacters(in: .whitespaces)
        let reply = """
            From: \(address)\r
            To: ashley@demo.7ts-e.com\r
            Subject: Re: Hello\r
            Message-ID: <reply-\(UUID().uuidString)@example.org>\r
            In-Reply-To: \(messageID)\r
            References: \(messageID)\r
            Date: Thu, 03 Dec 2026 10:00:00 +0000\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Yes, happy to chat. Could we book a call on Tuesday?\r
            \r
            > Hi there, step 1. To unsubscribe click here.\r
            """
        let response = try stack.http.execute(
            .init(
                method: "POST",
                url: "http://127.0.0.1:\(stack.ports["nurture"] ?? 0)/inbound/email",
                headers: [("Content-Type", "message/rfc822")],
                body: Array(reply.utf8)
            )
        )
        #expect(response.status == 202)
        try stack.waitUntil("the lead is Hot", timeout: 30) {
            try stack.count("SELECT count(*) FROM leads WHERE contact_id = $1 AND state = 'Hot'", [contact]) == 1
        }
        try stack.waitUntil("JobAdder shows Active Contact", timeout: 60) {
            try stack.statusChanges().contains {
                ($0["contactId"] as? Int) == contact && ($0["statusName"] as? String) == "Active Contact"
            }
        }
        #expect(try stack.count("SELECT count(*) FROM due_steps") == 0, "no further step is scheduled")

        // JobAdder received the contact's notes in the order their events happened.
        try stack.waitUntil("the reply's note lands", timeout: 60) {
            try stack.notes().contains {
                ($0["contactId"] as? Int) == contact && ($0["type"] as? String) == "Email Received"
            }
        }
        let types = try stack.notes()
            .filter { ($0["contactId"] as? Int) == contact && $0["reference"] is String }
            .sorted { ($0["createdAt"] as? String ?? "") < ($1["createdAt"] as? String ?? "") }
            .compactMap { $0["type"] as? String }
        #expect(
            types == ["General", "Email Sent", "Email Received", "General"],
            "confirmation, email sent, reply, state change: \(types)"
        )
    }

    @Test(arguments: [2, 4])
    func writebackInstancesTogetherStayWithinTheAccountsPace(instances: Int) throws {
        let limit = 20
        let stack = try HandoverStack(name: "pace\(instances)", sandboxRateLimit: Double(limit))
        defer { stack.shutdown() }
        try stack.createOrgWithAssistants()
        try stack.cli(["jobadder", "pace", "--org", "acme", "--rps", String(limit)])
        try stack.start("ingest")
        try stack.connectJobAdder()
        for _ in 0..<instances { try stack.start("writeback") }

        let contacts = try stack.createContacts(120)
        try stack.assign(contacts, to: "ashley@demo")
        try stack.waitUntil("every confirmation note landed", timeout: 120) {
            let counts = try stack.control("GET", "/accounts/1001/counts") as? [String: Any]
            return (counts?["integrationNotes"] as? Int ?? 0) >= contacts.count
        }
        let stats = try stack.control("GET", "/stats") as? [String: Any]
        let account = (stats?["accounts"] as? [String: Any])?["1001"] as? [String: Any]
        let peak = account?["maxRequestsPerSecond"] as? Int ?? Int.max
        let refused = account?["rateLimited"] as? Int ?? Int.max
        print(
            "pace \(limit)/s, \(instances) writeback instances + ingest: "
                + "peak \(peak) requests in one second, \(refused) answered 429"
        )
        #expect(refused == 0, "JobAdder never had to refuse a request")
        #expect(peak <= limit + 1, "a calendar second can hold one slot from each edge")
    }

    @Test func revokedAccessMarksTheOrgReconnectNeededAndScheduledRefreshRotatesTokens() throws {
        let stack = try HandoverStack(name: "tokens")
        defer { stack.shutdown() }
        try stack.createOrgWithAssistants()
        stack.setEnvironment("HANDOVER_TOKEN_REFRESH_SECONDS", "5")
        try stack.start("ingest")
        try stack.connectJobAdder()

        let before = try stack.count("SELECT version FROM jobadder_connections")
        try stack.waitUntil("a scheduled refresh stores rotated tokens", timeout: 60) {
            try stack.count("SELECT version FROM jobadder_connections") > before
        }
        let status = try stack.cli(["assistants", "status", "--org", "acme", "--refresh", "--json"])
        #expect(status.contains("ASSISTANT_EXISTS_AS_USER_IN_CRM"))

        // The authorizing user is deleted in JobAdder: refresh fails and an admin must reconnect.
        try stack.control("POST", "/accounts/1001/revoke-tokens")
        try stack.waitUntil("the org is marked reconnect needed", timeout: 90) {
            try stack.cli(["jobadder", "status", "--org", "acme", "--json"]).contains("reconnect_needed")
        }
        let text = try stack.cli(["jobadder", "status", "--org", "acme"])
        #expect(text.contains("must reconnect"))
    }
}
