import Foundation
import Harness
import Postgres
import Store
import Testing

/// What happens around failures: the outbox after a crash, suspended webhooks, parked writes, disconnecting.
@Suite(.serialized)
struct RecoveryTests {
    /// Rows committed to the outbox by a process that died before publishing them are published by the
    /// next relay that starts, and their effect happens once.
    @Test func outboxRowsLeftByACrashArePublishedByTheNextRelay() throws {
        let stack = try HandoverStack(name: "outbox")
        defer { stack.shutdown() }
        try stack.startConnected()
        stack.kill("ingest")
        let contact = try #require(try stack.createContacts(1).first)
        let orgID = try #require(try stack.query("SELECT id FROM orgs").first?.decode("id", as: UUID.self))

        // Committed as a worker would, but no relay is running to publish it.
        let database = try PostgresConnection.connect(url: stack.environment["HANDOVER_DATABASE_URL"] ?? "")
        defer { database.close() }
        try database.transaction(org: orgID) { database in
            try ContactWrites.enqueue(
                [
                    JobAdderWrite(
                        orgID: orgID,
                        contactID: contact,
                        leadID: nil,
                        change: .note(text: "left behind by a crash", type: "General", reference: "crash-test-1"),
                        occurredAt: Date()
                    )
                ],
                on: database
            )
        }
        #expect(try stack.count("SELECT count(*) FROM outbox") == 1)

        try stack.start("writeback")
        try stack.waitUntil("the note lands", timeout: 60) {
            try stack.notes().contains { ($0["reference"] as? String) == "crash-test-1" }
        }
        #expect(try stack.count("SELECT count(*) FROM outbox") == 0)
        #expect(try stack.notes().filter { ($0["reference"] as? String) == "crash-test-1" }.count == 1)
    }

    /// A send claimed by a nurture that died before recording it may have reached the relay: the next
    /// attempt marks it outcome unknown, records why on the lead, and never sends the step again.
    @Test func aSendClaimedBeforeACrashIsMarkedOutcomeUnknownAndNotResent() throws {
        let stack = try HandoverStack(name: "claimed")
        defer { stack.shutdown() }
        try stack.startConnected("nurture")
        let contact = try #require(try stack.createContacts(1).first)
        try stack.assign([contact], to: "ashley@demo")
        try stack.waitUntil("the first email is sent and the second step planned", timeout: 60) {
            try stack.count("SELECT count(*) FROM messages WHERE status = 'sent'") == 1
                && stack.count("SELECT count(*) FROM due_steps WHERE step = 1") == 1
        }
        stack.kill("nurture")

        // What a nurture killed between its claim of step 2 and the SMTP transaction's record leaves behind;
        // the step is then made due at once.
        _ = try stack.query(
            """
            INSERT INTO messages (id, org_id, lead_id, assistant_id, direction, sequence_number, step,
                message_id_header, subject, status, claimed_at)
            SELECT gen_random_uuid(), org_id, lead_id, assistant_id, 'outbound', sequence_number, step,
                'crashed-claim@\(stack.messageIDDomain)', 'Hello', 'claimed', now()
            FROM due_steps
            RETURNING id
            """
        )
        _ = try stack.query("UPDATE due_steps SET due_at = now(), claimed_until = NULL RETURNING lead_id")
        try stack.start("nurture")
        try stack.waitUntil("the claim is marked outcome unknown", timeout: 60) {
            try stack.count("SELECT count(*) FROM messages WHERE status = 'outcome_unknown'") == 1
        }
        Thread.sleep(forTimeInterval: 1)
        #expect(try stack.count("SELECT count(*) FROM messages") == 2, "no second claim of step 2")
        #expect(try stack.count("SELECT count(*) FROM due_steps") == 0)
        #expect(try stack.count("SELECT count(*) FROM lead_events WHERE kind = 'send_outcome_unknown'") == 1)
        #expect(stack.sentEmails().count == 1, "only step 1 reached the SMTP server")
    }

    /// Webhooks fail while ingest is down until JobAdder suspends them; polling catches every
    /// assignment up and the webhook is enabled again.
    @Test func aSuspendedWebhookIsCaughtUpByPollingAndReEnabled() throws {
        let stack = try HandoverStack(name: "suspend")
        defer { stack.shutdown() }
        let contacts = try assignWhileIngestIsDownUntilSuspended(12, on: stack)

        try stack.start("ingest")
        try stack.waitUntil("polling creates every lead", timeout: 90) {
            try stack.count("SELECT count(*) FROM leads") == contacts.count
        }
        try stack.waitUntil("the webhook is enabled again", timeout: 60) {
            try stack.webhookStatus() == "Enabled"
        }
    }

    /// Polling leaves alone a contact whose latest change a recently stored webhook event already queued
    /// (queueing it again would only repeat the work during a burst), and still catches up the others.
    @Test func pollingSkipsAnAssignmentAStoredWebhookEventAlreadyQueued() throws {
        let stack = try HandoverStack(name: "heard")
        defer { stack.shutdown() }
        let contacts = try assignWhileIngestIsDownUntilSuspended(10, on: stack)
        Thread.sleep(forTimeInterval: 3)  // retries already scheduled (2 s apart here) meet the suspension
        // The first contact's change counts as heard: its event row is stored (its outbox message is not,
        // so nothing but polling could make its lead).
        let heard = contacts[0]
        _ = try stack.query(
            """
            INSERT INTO webhook_events (org_id, event_id, contact_id, event_at)
            SELECT id, 'heard-before-the-crash', $1, now() + interval '1 minute' FROM orgs
            RETURNING event_id
            """,
            [heard]
        )

        try stack.start("ingest")
        try stack.waitUntil("polling creates the other leads", timeout: 90) {
            try stack.count("SELECT count(*) FROM leads") == contacts.count - 1
        }
        let polledAt = try stack.count("SELECT count(*) FROM jobadder_connections WHERE last_poll_at IS NOT NULL")
        #expect(polledAt == 1)
        Thread.sleep(forTimeInterval: 4)  // one more poll round (every 3 s here)
        #expect(try stack.count("SELECT count(*) FROM leads WHERE contact_id = $1", [heard]) == 0)
        #expect(try stack.count("SELECT count(*) FROM inbox WHERE message_id LIKE $1", ["poll:%:\(heard):%"]) == 0)
        #expect(try stack.count("SELECT count(*) FROM inbox WHERE message_id LIKE 'poll:%'") == contacts.count - 1)
    }

    /// Connects JobAdder, stops ingest and assigns `count` new contacts one change each: every delivery
    /// fails, and after 10 failures JobAdder suspends the webhook (and drops events while suspended).
    private func assignWhileIngestIsDownUntilSuspended(_ count: Int, on stack: HandoverStack) throws -> [Int] {
        try stack.startConnected()
        stack.kill("ingest")
        let contacts = try stack.createContacts(count)
        for contact in contacts {
            try stack.assign([contact], to: "ashley@demo")
        }
        try stack.waitUntil("JobAdder suspends the webhook", timeout: 120) {
            try stack.webhookStatus() == "Suspended"
        }
        return contacts
    }

    /// A status write that can never succeed is parked with a reason that says what to do; once the
    /// admin fixed it, a replay lands it.
    @Test func aParkedWriteSaysWhyAndLandsAfterReplay() throws {
        let stack = try HandoverStack(name: "park")
        defer { stack.shutdown() }
        try stack.cli(["orgs", "create", "--slug", "acme", "--name", "Acme", "--inactive-status", "Gone Contact"])
        for name in ["ashley", "ben"] {
            try stack.cli([
                "assistants", "create", "--org", "acme", "--mailbox", "\(name)@demo.7ts-e.com", "--name", name,
            ])
        }
        try stack.start("ingest")
        try stack.connectJobAdder()
        try stack.start("writeback")

        // A contact without an email is refused: a note and "Inactive" — which this org calls "Gone Contact",
        // a status JobAdder does not have.
        let reply = try stack.control(
            "POST",
            "/accounts/1001/contacts",
            ["contacts": [["firstName": "No", "lastName": "Email"]]]
        )
        let contact = try #require(((reply as? [String: Any])?["contactIds"] as? [Int])?.first)
        try stack.assign([contact], to: "ashley@demo")
        try stack.waitUntil("the status write is parked", timeout: 90) {
            try stack.cli(["dlq", "list", "--stage", "writeback", "--json"]).contains("Gone Contact")
        }
        let listing = try stack.cli(["dlq", "list", "--stage", "writeback"])
        #expect(listing.contains("Create it in JobAdder"))

        try stack.query("UPDATE orgs SET inactive_status_name = 'Inactive Contact'")
        Thread.sleep(forTimeInterval: 1)
        stack.kill("writeback")  // drop its cached status names
        try stack.start("writeback")
        let replayed = try stack.cli(["dlq", "replay", "--stage", "writeback", "--all", "--json"])
        #expect(replayed.contains("\"replayed\" : 1"))
        try stack.waitUntil("the replayed write lands", timeout: 60) {
            try stack.statusChanges().contains {
                ($0["contactId"] as? Int) == contact && ($0["statusName"] as? String) == "Inactive Contact"
            }
        }
    }

    @Test func disconnectDeletesTheWebhookThenTheTokens() throws {
        let stack = try HandoverStack(name: "disconnect")
        defer { stack.shutdown() }
        try stack.startConnected()
        #expect(try stack.webhookStatus() == "Enabled")

        try stack.cli(["jobadder", "disconnect", "--org", "acme"])
        let hooks = try stack.control("GET", "/accounts/1001") as? [String: Any]
        #expect((hooks?["webhooks"] as? [Any])?.isEmpty ?? true)
        let disconnected = try stack.count(
            "SELECT count(*) FROM jobadder_connections WHERE state = 'disconnected' AND refresh_token_sealed IS NULL"
        )
        #expect(disconnected == 1)
        let status = try stack.cli(["jobadder", "status", "--org", "acme", "--json"])
        #expect(status.contains("\"state\" : \"disconnected\""))
    }
}
