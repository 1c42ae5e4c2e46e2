import Foundation
import HTTPServer
import Postgres
import Shared
import Store
import Synchronization
import WorkerKit

/// `POST /webhooks/jobadder`: JobAdder's `contact_status_changed` deliveries.
///
/// A delivery is authenticated by its webhook id (one of ours) and the per-org secret in its
/// `authorization` header (compared in constant time). It is answered 200 only after the event is
/// committed: deduplicated on `eventId` and put in the outbox for ingest's queue, in one transaction.
/// It never waits on JobAdder.
final class WebhookEndpoint: Sendable {
    static let path = "/webhooks/jobadder"
    static let maxBodyBytes = 64 * 1024

    private struct Registration {
        var orgID: UUID
        var secret: String
        var readAt: Date
    }

    private let pool: PostgresPool
    private let box: SecretBox
    private let logger: Logger
    private let registrations = Mutex<[String: Registration]>([:])

    init(pool: PostgresPool, secretKey: [UInt8], logger: Logger) {
        self.pool = pool
        self.box = SecretBox(key: secretKey)
        self.logger = logger
    }

    func route(_ request: HTTPRequest) -> HTTPResponse? {
        guard request.path == Self.path else { return nil }
        guard request.method == "POST" else { return .json(405, #"{"error":"use POST"}"#) }
        let response = accept(request)
        MetricsRegistry.shared.increment(
            "handover_webhook_deliveries_total",
            help: "JobAdder webhook deliveries by HTTP answer.",
            labels: [("status", String(response.status))]
        )
        return response
    }

    private func accept(_ request: HTTPRequest) -> HTTPResponse {
        guard let webhookID = request.headers["x-jobadder-webhookid"], !webhookID.isEmpty, webhookID.count <= 100 else {
            return reject(401, "missing x-jobadder-webhookid header")
        }
        let registration: Registration
        do {
            guard let found = try lookup(webhookID) else { return reject(401, "unknown webhook id") }
            registration = found
        } catch {
            logger.error("webhook lookup failed", ["error": "\(error)"])
            return .json(503, #"{"error":"temporarily unavailable, retry"}"#)
        }
        let presented = request.headers["authorization"] ?? ""
        guard Sodium.constantTimeEquals(presented, "Bearer \(registration.secret)") else {
            return reject(401, "wrong webhook secret", orgID: registration.orgID)
        }
        guard request.body.count <= Self.maxBodyBytes else { return reject(413, "body over 64 KB") }

        let event: WebhookEvent
        do {
            event = try WebhookEvent.parse(request.body)
        } catch {
            return reject(400, "\(error)", orgID: registration.orgID)
        }
        guard event.event == "contact_status_changed" else {
            return .json(200, #"{"accepted":false,"reason":"event not used by Handover"}"#)
        }

        do {
            let isNew = try pool.withConnection { database in
                try database.transaction(org: registration.orgID) { database in
                    let inserted = try database.query(
                        """
                        INSERT INTO webhook_events (org_id, event_id, contact_id, event_at) VALUES ($1, $2, $3, $4)
                        ON CONFLICT DO NOTHING RETURNING event_id
                        """,
                        [registration.orgID, event.eventID, event.contactID, event.eventDate]
                    )
                    guard !inserted.isEmpty else { return false }
                    let message = WorkMessage(
                        id: "event:\(registration.orgID.uuidString):\(event.eventID)",
                        kind: .contactStatusChanged,
                        orgID: registration.orgID,
                        contactID: event.contactID,
                        occurredAt: event.eventDate ?? Date(),
                        payload: ["eventID": event.eventID, "source": "webhook"]
                    )
                    try Outbox.enqueue([message], on: database)
                    return true
                }
            }
            return .json(200, isNew ? #"{"accepted":true}"# : #"{"accepted":true,"duplicate":true}"#)
        } catch {
            logger.error("webhook event not stored", ["org_id": registration.orgID.uuidString, "error": "\(error)"])
            return .json(503, #"{"error":"temporarily unavailable, retry"}"#)
        }
    }

    private func reject(_ status: Int, _ reason: String, orgID: UUID? = nil) -> HTTPResponse {
        var metadata = ["status": String(status), "reason": reason]
        metadata["org_id"] = orgID?.uuidString
        logger.warning("webhook delivery rejected", metadata)
        return .json(status, "{\"error\":\(JSONText.quote(reason))}")
    }

    /// The org and secret of one of our webhooks, cached for a minute.
    private func lookup(_ webhookID: String) throws -> Registration? {
        if let cached = registrations.withLock({ $0[webhookID] }), Date().timeIntervalSince(cached.readAt) < 60 {
            return cached
        }
        let found: Registration? = try pool.withConnection { database in
            try database.systemTransaction { database in
                guard
                    let row = try database.query(
                        """
                        SELECT org_id, webhook_secret_sealed FROM jobadder_connections
                        WHERE webhook_id = $1 AND state IN ('connected', 'reconnect_needed')
                        """,
                        [webhookID]
                    ).first, let sealed = try row.decode("webhook_secret_sealed", as: [UInt8]?.self)
                else { return nil }
                return Registration(
                    orgID: try row.decode("org_id", as: UUID.self),
                    secret: try box.openString(sealed),
                    readAt: Date()
                )
            }
        }
        registrations.withLock { $0[webhookID] = found }
        return found
    }
}
