import Domain
import Foundation
import JobAdder
import Postgres
import Shared
import Store
import WorkerKit

/// The safety net under webhooks: per org, every `interval`, lists the contacts in any `Assign to …`
/// status and queues those whose current assignment was not handled yet; re-enables a suspended webhook.
///
/// Only one `ingest` instance polls a given org at a time: it takes a lease on the org's connection row
/// (`poll_lease_until`) that others skip.
final class AssignmentPoller: Sendable {
    private let client: JobAdderClient
    private let connector: JobAdderConnector
    private let pool: PostgresPool
    private let interval: TimeInterval
    private let instanceID: String
    private let shutdown: ShutdownSignal
    private let logger: Logger

    init(
        client: JobAdderClient,
        connector: JobAdderConnector,
        pool: PostgresPool,
        interval: TimeInterval,
        instanceID: String,
        shutdown: ShutdownSignal,
        logger: Logger
    ) {
        self.client = client
        self.connector = connector
        self.pool = pool
        self.interval = interval
        self.instanceID = instanceID
        self.shutdown = shutdown
        self.logger = logger
    }

    func run() {
        while !shutdown.isRequested {
            do {
                for orgID in try claimDueOrgs() {
                    guard !shutdown.isRequested else { break }
                    poll(orgID)
                }
            } catch {
                logger.error("polling round failed", ["error": "\(error)"])
            }
            sleepUnlessShuttingDown(min(interval, 2))
        }
    }

    private func claimDueOrgs() throws -> [UUID] {
        try pool.withConnection { database in
            try database.systemTransaction { database in
                try database.query(
                    """
                    -- A materialized batch is chosen once (see Outbox.take for what the IN form did).
                    WITH batch AS MATERIALIZED (
                        SELECT org_id FROM jobadder_connections
                        WHERE state = 'connected'
                            AND (last_poll_at IS NULL OR last_poll_at < now() - make_interval(secs => $2))
                            AND (poll_lease_until IS NULL OR poll_lease_until < now())
                        LIMIT 20 FOR UPDATE SKIP LOCKED)
                    UPDATE jobadder_connections SET poll_lease_owner = $1,
                        poll_lease_until = now() + make_interval(secs => $2 * 2 + 60)
                    FROM batch WHERE jobadder_connections.org_id = batch.org_id
                    RETURNING jobadder_connections.org_id
                    """,
                    [instanceID, interval]
                ).map { try $0.decode("org_id", as: UUID.self) }
            }
        }
    }

    /// One org's poll; failures are logged and the lease simply runs out.
    func poll(_ orgID: UUID) {
        let log = logger.with(["org_id": orgID.uuidString])
        do {
            try connector.ensureWebhookEnabled(orgID: orgID)
            let account = JobAdderAccountKey(orgID: orgID)
            let assignIDs = try client.contactStatuses(for: account)
                .filter { AssignmentStatusName.handle(in: $0.name) != nil }
                .map(\.statusId)
            var queued = 0
            if !assignIDs.isEmpty {
                try client.forEachContactPage(ContactQuery(statusIDs: assignIDs), for: account) { contacts in
                    queued += try queueUnhandled(contacts, orgID: orgID)
                }
            }
            try pool.withConnection { database in
                try database.transaction(org: orgID) { database in
                    try database.execute(
                        """
                        UPDATE jobadder_connections SET last_poll_at = now(), poll_lease_until = NULL,
                            poll_lease_owner = NULL WHERE org_id = $1
                        """,
                        [orgID]
                    )
                }
            }
            MetricsRegistry.shared.increment(
                "handover_poll_found_total",
                help: "Assignments found by polling that webhooks had not delivered.",
                by: Double(queued)
            )
            if queued > 0 {
                log.notice("polling found unhandled assignments", ["count": String(queued)])
            }
        } catch {
            log.warning("poll failed", ["error": "\(error)"])
        }
    }

    private func queueUnhandled(_ contacts: [Contact], orgID: UUID) throws -> Int {
        guard !contacts.isEmpty else { return 0 }
        return try pool.withConnection { database in
            try database.transaction(org: orgID) { database in
                var handled: [Int: Date] = [:]
                for row in try database.query(
                    """
                    SELECT contact_id, contact_updated_at FROM assignment_checkpoints
                    WHERE contact_id = ANY($1::bigint[])
                    """,
                    [PostgresArray(contacts.map(\.contactId))]
                ) {
                    handled[try row.decode("contact_id", as: Int.self)] = try row.decode("contact_updated_at")
                }
                // A webhook event stored in the last ten minutes for the contact's latest change is already
                // queued for takeover (event and outbox message commit together), so polling need not queue
                // it again during a burst. Older ones are not trusted: their work may have been parked.
                var heard: [Int: Date] = [:]
                for row in try database.query(
                    """
                    SELECT contact_id, max(event_at) AS heard_at FROM webhook_events
                    WHERE contact_id = ANY($1::bigint[]) AND event_at IS NOT NULL
                        AND received_at > now() - interval '10 minutes'
                    GROUP BY contact_id
                    """,
                    [PostgresArray(contacts.map(\.contactId))]
                ) {
                    heard[try row.decode("contact_id", as: Int.self)] = try row.decode("heard_at")
                }
                let now = Date()
                let messages = contacts.compactMap { contact -> WorkMessage? in
                    let updatedAt = contact.updatedAt ?? now
                    if let seen = handled[contact.contactId], seen >= updatedAt { return nil }
                    // Half a millisecond of slack absorbs the rounding of two clocks read at millisecond precision.
                    if let event = heard[contact.contactId], event.timeIntervalSince(updatedAt) > -0.0005 {
                        return nil
                    }
                    let stamp = Int(updatedAt.timeIntervalSince1970 * 1000)
                    return WorkMessage(
                        id: "poll:\(orgID.uuidString):\(contact.contactId):\(stamp)",
                        kind: .contactStatusChanged,
                        orgID: orgID,
                        contactID: contact.contactId,
                        occurredAt: updatedAt,
                        payload: ["source": "poll"]
                    )
                }
                try Outbox.enqueue(messages, on: database)
                return messages.count
            }
        }
    }

    private func sleepUnlessShuttingDown(_ seconds: TimeInterval) {
        let deadline = Date().addingTimeInterval(seconds)
        while !shutdown.isRequested && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
        }
    }
}
