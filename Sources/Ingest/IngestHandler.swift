import Domain
import Foundation
import JobAdder
import Postgres
import Shared
import Store
import WorkerKit

/// Takes contacts over by the rules of SPEC §5, a batch at a time.
///
/// For each org in a batch: contacts are read from JobAdder in groups of up to 100 (one request each),
/// then one transaction records the messages in the inbox, locks the contacts, applies `TakeoverRules`
/// to each and writes leads, lead events, notes and status writes (for writeback) and `leadAssigned`
/// messages (for nurture) together. A contact's status change is acted on once, however many webhook
/// deliveries and polls report it: `assignment_checkpoints` remembers the newest one handled.
final class IngestHandler: MessageHandler, Sendable {
    private let client: JobAdderClient

    init(client: JobAdderClient) {
        self.client = client
    }

    func handle(_ batch: [InboundWork], database: PostgresConnection, logger: Logger) -> [WorkOutcome] {
        var outcomes = [WorkOutcome](repeating: .done, count: batch.count)
        let byOrg = Dictionary(grouping: batch.indices) { batch[$0].message.orgID }
        for (orgID, indices) in byOrg {
            let works = indices.map { batch[$0] }
            let outcome: WorkOutcome
            do {
                try takeOver(works, orgID: orgID, database: database, logger: logger)
                outcome = .done
            } catch let error as JobAdderError {
                outcome = error.isRetryable ? .retry(reason: error.description) : .park(reason: error.description)
            } catch let error as PostgresTokenStore.MissingTokens {
                outcome = .retry(reason: error.description)
            } catch {
                outcome = .retry(reason: "\(error)")
            }
            if outcome != .done {
                logger.warning("takeover batch failed", ["org_id": orgID.uuidString, "outcome": "\(outcome)"])
            }
            indices.forEach { outcomes[$0] = outcome }
        }
        return outcomes
    }

    private func takeOver(_ works: [InboundWork], orgID: UUID, database: PostgresConnection, logger: Logger) throws {
        let ids = works.map(\.message.id)
        let seen = try database.transaction(org: orgID) { database in
            Set(
                try database.query(
                    "SELECT message_id FROM inbox WHERE consumer = 'ingest' AND message_id = ANY($1::text[])",
                    [PostgresArray(ids)]
                ).map { try $0.decode("message_id", as: String.self) }
            )
        }
        let fresh = works.filter { !seen.contains($0.message.id) }
        guard !fresh.isEmpty else { return }

        let contactIDs = Array(Set(fresh.compactMap(\.message.contactID))).sorted()
        let contacts = try fetchContacts(contactIDs, orgID: orgID)
        let now = Date()

        try database.transaction(org: orgID) { database in
            let claimed = try Inbox.claim(fresh.map(\.message.id), consumer: "ingest", orgID: orgID, on: database)
            var earliestEvent: [Int: Date] = [:]
            for work in fresh where claimed.contains(work.message.id) {
                guard let contactID = work.message.contactID else { continue }
                earliestEvent[contactID] = min(earliestEvent[contactID] ?? .distantFuture, work.message.occurredAt)
            }
            let assigned = earliestEvent.keys.sorted().compactMap { contacts[$0] }.filter {
                $0.status.map { AssignmentStatusName.handle(in: $0.name) != nil } ?? false
            }
            guard !assigned.isEmpty else { return }
            let plan = try TakeoverPlan.load(orgID: orgID, contacts: assigned, on: database)
            var writes: [JobAdderWrite] = []
            var nurtureMessages: [WorkMessage] = []
            var statements: [PostgresStatement] = []
            var taken = 0

            for contact in assigned {
                let eventTime = earliestEvent[contact.contactId] ?? now
                let updatedAt = contact.updatedAt ?? eventTime
                if let checkpoint = plan.checkpoints[contact.contactId], checkpoint >= updatedAt { continue }
                statements.append(
                    PostgresStatement(
                        """
                        INSERT INTO assignment_checkpoints (org_id, contact_id, contact_updated_at) VALUES ($1, $2, $3)
                        ON CONFLICT (org_id, contact_id) DO UPDATE SET contact_updated_at = excluded.contact_updated_at
                        """,
                        [orgID, contact.contactId, updatedAt]
                    )
                )
                let step = plan.decide(for: contact, eventTime: eventTime, now: now)
                statements += step.statements
                writes += step.writes
                nurtureMessages += step.nurtureMessages
                if step.tookLead { taken += 1 }
            }
            if !statements.isEmpty {
                _ = try database.pipeline(statements)
            }
            try ContactWrites.enqueue(writes, on: database)
            try Outbox.enqueue(nurtureMessages, on: database)
            if taken > 0 {
                MetricsRegistry.shared.increment(
                    "handover_leads_taken_over_total",
                    help: "Contacts taken over as leads (new or restarted).",
                    by: Double(taken)
                )
            }
        }
        for work in fresh {
            MetricsRegistry.shared.observe(
                "handover_assignment_to_lead_seconds",
                help: "Time from JobAdder's status change to the takeover decision committed.",
                value: max(0, Date().timeIntervalSince(work.message.occurredAt))
            )
        }
    }

    /// The contacts by id, read in groups of 100 (`ContactId` repeated); deleted contacts are absent.
    private func fetchContacts(_ contactIDs: [Int], orgID: UUID) throws -> [Int: Contact] {
        var found: [Int: Contact] = [:]
        let account = JobAdderAccountKey(orgID: orgID)
        var start = 0
        while start < contactIDs.count {
            let chunk = Array(contactIDs[start..<min(start + 100, contactIDs.count)])
            let page = try client.contacts(ContactQuery(contactIDs: chunk, limit: chunk.count), for: account)
            for contact in page.items {
                found[contact.contactId] = contact
            }
            start += chunk.count
        }
        return found
    }
}
