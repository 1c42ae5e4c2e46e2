import Domain
import Foundation
import JobAdder
import Postgres
import Shared
import Store
import WorkerKit

/// Applies notes and status writes to JobAdder: once, in each contact's order, within the account's pace.
///
/// Order: every write carries its contact's sequence number; `contact_write_progress` (locked for the
/// duration of the write) holds the last one applied. An earlier write still pending makes a later one
/// wait; a number already applied is a duplicate and is acknowledged without a call.
///
/// Exactly once: a note whose earlier attempt may have reached JobAdder (a retry, a redelivery, a replay)
/// is first looked up by its `reference`. A status write older than the last version written is skipped,
/// and JobAdder's "already has that status" counts as done.
final class WritebackHandler: MessageHandler, @unchecked Sendable {
    private let client: JobAdderClient
    private let statuses: StatusCache
    private let maxAttempts: Int

    init(client: JobAdderClient, statuses: StatusCache, maxAttempts: Int) {
        self.client = client
        self.statuses = statuses
        self.maxAttempts = maxAttempts
    }

    func handle(_ batch: [InboundWork], database: PostgresConnection, logger: Logger) -> [WorkOutcome] {
        batch.map { work in
            let outcome = outcome(of: work, database: database, logger: logger)
            let isLastAttempt: Bool
            switch outcome {
            case .park: isLastAttempt = true
            case .retry: isLastAttempt = work.attempt >= maxAttempts
            case .done, .wait: isLastAttempt = false
            }
            if isLastAttempt {
                // A parked write must not hold back the contact's later writes.
                try? skip(work, database: database)
            }
            return outcome
        }
    }

    private func outcome(of work: InboundWork, database: PostgresConnection, logger: Logger) -> WorkOutcome {
        let message = work.message
        let log = logger.with(["org_id": message.orgID.uuidString, "message_id": message.id])
        guard let contactID = message.contactID, let sequence = message.payload["sequence"].flatMap(Int64.init) else {
            return .park(reason: "write has no contact id or sequence number")
        }
        do {
            return try database.transaction(org: message.orgID) { database in
                let progress = try lockProgress(message.orgID, contactID, on: database)
                let isFirstDelivery = try !Inbox.claim(
                    [message.id],
                    consumer: "writeback",
                    orgID: message.orgID,
                    on: database
                ).isEmpty
                if !isFirstDelivery && !work.isReplay && sequence <= progress.applied { return .done }
                if !work.isReplay {
                    if sequence <= progress.applied { return .done }
                    if sequence > progress.applied + 1 {
                        return .wait(reason: "waiting for write \(progress.applied + 1) of contact \(contactID)")
                    }
                }
                var statusVersion = progress.statusVersion
                switch message.kind {
                case .writeNote:
                    try writeNote(work, contactID: contactID)
                case .writeStatus:
                    statusVersion = try writeStatus(work, contactID: contactID, lastVersion: progress.statusVersion)
                default:
                    return .park(reason: "writeback does not handle \(message.kind.rawValue) messages")
                }
                try database.execute(
                    """
                    UPDATE contact_write_progress
                    SET applied_sequence = greatest(applied_sequence, $3), status_version = $4, updated_at = now()
                    WHERE org_id = $1 AND contact_id = $2
                    """,
                    [message.orgID, contactID, sequence, statusVersion]
                )
                try database.execute(
                    """
                    INSERT INTO jobadder_write_log (org_id, contact_id, lead_id, kind, reference, summary)
                    VALUES ($1, $2, $3, $4, $5, $6)
                    """,
                    [
                        message.orgID, contactID, message.leadID, message.kind.rawValue,
                        message.payload["reference"], Self.summary(of: message),
                    ]
                )
                MetricsRegistry.shared.observe(
                    "handover_jobadder_write_latency_seconds",
                    help: "Time from the event to its note or status write landing in JobAdder.",
                    labels: [("kind", message.kind.rawValue)],
                    value: max(0, Date().timeIntervalSince(message.occurredAt))
                )
                return .done
            }
        } catch let error as JobAdderError {
            return outcome(for: error, work: work, contactID: contactID, database: database, logger: log)
        } catch let error as WritebackProblem {
            log.error("write parked", ["reason": error.description])
            return .park(reason: error.description)
        } catch {
            log.warning("write failed; will retry", ["error": "\(error)"])
            return .retry(reason: "\(error)")
        }
    }

    /// A one-line description of a write for the lead's history (no email bodies).
    static func summary(of message: WorkMessage) -> String {
        switch message.kind {
        case .writeStatus:
            let handBack = message.payload["handBack"] ?? "?"
            return "status → \(handBack == "assignTo" ? "Assign to \(message.payload["handle"] ?? "?")" : handBack)"
        default:
            let firstLine = message.payload["text"]?.split(separator: "\n").first.map(String.init) ?? ""
            return "note (\(message.payload["type"] ?? "note")): \(firstLine.prefix(120))"
        }
    }

    private func outcome(
        for error: JobAdderError,
        work: InboundWork,
        contactID: Int,
        database: PostgresConnection,
        logger: Logger
    ) -> WorkOutcome {
        if case .notFound = error {
            do {
                try LeadDeactivation.contactDeleted(orgID: work.message.orgID, contactID: contactID, on: database)
                try skip(work, database: database)
                logger.notice("contact deleted in JobAdder; lead deactivated", ["contact_id": "\(contactID)"])
                return .done
            } catch {
                return .retry(reason: "could not deactivate lead after 404: \(error)")
            }
        }
        if error.isRetryable {
            return .retry(reason: error.description)
        }
        if case .unprocessable = error, work.message.kind == .writeStatus {
            // The cached status id may be stale (renamed or deleted in JobAdder): re-read and retry.
            statuses.invalidate(work.message.orgID)
            if work.attempt < 2 { return .retry(reason: "JobAdder rejected the status id; re-reading statuses") }
        }
        return .park(reason: "JobAdder refused the write: \(error.description)")
    }

    private struct Progress {
        var applied: Int64
        var statusVersion: Int64
    }

    private func lockProgress(_ orgID: UUID, _ contactID: Int, on database: PostgresConnection) throws -> Progress {
        try database.execute(
            "INSERT INTO contact_write_progress (org_id, contact_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            [orgID, contactID]
        )
        let row = try database.query(
            """
            SELECT applied_sequence, status_version FROM contact_write_progress
            WHERE org_id = $1 AND contact_id = $2 FOR UPDATE
            """,
            [orgID, contactID]
        ).first
        return Progress(
            applied: try row?.decode("applied_sequence", as: Int64.self) ?? 0,
            statusVersion: try row?.decode("status_version", as: Int64.self) ?? 0
        )
    }

    /// Marks a write as passed without applying it (parked, or its contact is gone).
    private func skip(_ work: InboundWork, database: PostgresConnection) throws {
        guard let contactID = work.message.contactID,
            let sequence = work.message.payload["sequence"].flatMap(Int64.init)
        else { return }
        try database.transaction(org: work.message.orgID) { database in
            _ = try lockProgress(work.message.orgID, contactID, on: database)
            try database.execute(
                """
                UPDATE contact_write_progress SET applied_sequence = greatest(applied_sequence, $3), updated_at = now()
                WHERE org_id = $1 AND contact_id = $2
                """,
                [work.message.orgID, contactID, sequence]
            )
        }
    }

    private func writeNote(_ work: InboundWork, contactID: Int) throws {
        let payload = work.message.payload
        guard let text = payload["text"], !text.isEmpty, let reference = payload["reference"] else {
            throw WritebackProblem.malformed("note without text or reference")
        }
        let account = JobAdderAccountKey(orgID: work.message.orgID)
        let mayHaveLanded = work.attempt > 1 || work.delivery.redelivered || work.isReplay
        if mayHaveLanded {
            let existing = try client.notes(contactID: contactID, reference: [reference], for: account)
            if !existing.items.isEmpty {
                MetricsRegistry.shared.increment(
                    "handover_jobadder_notes_found_by_reference_total",
                    help: "Retried notes found already written, so not posted again."
                )
                return
            }
        }
        _ = try client.addNote(
            NewNote(text: text, type: payload["type"], reference: reference, createdByIntegration: true),
            contactID: contactID,
            for: account
        )
    }

    /// Applies a status write unless a newer one was already written; returns the version now recorded.
    private func writeStatus(_ work: InboundWork, contactID: Int, lastVersion: Int64) throws -> Int64 {
        let payload = work.message.payload
        guard let handBack = payload["handBack"], let version = payload["leadVersion"].flatMap(Int64.init) else {
            throw WritebackProblem.malformed("status write without hand-back or lead version")
        }
        if version < lastVersion && !work.isReplay {
            return lastVersion
        }
        let orgID = work.message.orgID
        guard let target = HandBackStatus(rawValue: handBack) else {
            throw WritebackProblem.malformed("unknown hand-back status \(handBack)")
        }
        let statusID: Int
        do {
            statusID = try statuses.statusID(orgID: orgID, handBack: target, handle: payload["handle"] ?? "")
        } catch let error as StatusLookupError {
            throw WritebackProblem.missingStatus(name: error.name)
        }
        let note = payload["noteText"].map { StatusChangeNote(text: $0) }
        _ = try client.setContactStatus(
            contactID: contactID,
            statusID: statusID,
            note: note,
            for: JobAdderAccountKey(orgID: orgID)
        )
        return max(version, lastVersion)
    }
}

/// A write that can never succeed as it is; parked with this text as its reason.
enum WritebackProblem: Error, CustomStringConvertible {
    case malformed(String)
    case missingStatus(name: String)

    var description: String {
        switch self {
        case .malformed(let what): "malformed write: \(what)"
        case .missingStatus(let name):
            "JobAdder has no contact status named '\(name)'. Create it in JobAdder (Settings > Contacts > Status), "
                + "then replay: handover dlq replay --stage writeback"
        }
    }
}
