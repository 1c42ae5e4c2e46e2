import Domain
import Foundation
import Postgres
import Shared
import Store
import WorkerKit

/// Applies a `LeadEvent` to a stored lead through the pure `LeadStateMachine` and persists everything
/// the transition says: the lead row, a lead event, JobAdder notes and status writes (numbered for
/// writeback), and stopping or pausing the schedule.
///
/// Call inside an org transaction. It takes the lead's advisory lock first, which a send in progress
/// holds, so a reply that races a send waits for it and every later send sees the stopped lead.
enum LeadUpdater {
    struct Loaded {
        var leadID: UUID
        var contactID: Int
        var assistantHandle: String
        var snapshot: LeadSnapshot
    }

    /// The key of a lead's advisory lock (shared by senders and reply handling).
    static func lockKey(_ leadID: UUID) -> String { "lead:\(leadID.uuidString.lowercased())" }

    static func load(_ leadID: UUID, on database: PostgresConnection) throws -> Loaded? {
        try database.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [lockKey(leadID)])
        guard
            let row = try database.query(
                """
                SELECT l.id, l.contact_id, l.state, l.opens, l.clicks, l.soft_bounces, l.next_step, l.paused_until,
                    l.version, l.last_hand_back, l.deactivation_cause, a.display_name, a.handle,
                    coalesce(jsonb_array_length(s.definition->'steps'), 0) AS step_count
                FROM leads l JOIN assistants a ON a.id = l.assistant_id LEFT JOIN schedules s ON s.id = l.schedule_id
                WHERE l.id = $1 FOR UPDATE OF l
                """,
                [leadID]
            ).first
        else { return nil }
        let snapshot = LeadSnapshot(
            state: LeadState(rawValue: try row.decode("state", as: String.self)) ?? .processed,
            opens: try row.decode("opens"),
            clicks: try row.decode("clicks"),
            softBounces: try row.decode("soft_bounces"),
            nextStep: try row.decode("next_step"),
            stepCount: try row.decode("step_count"),
            pausedUntil: try row.decode("paused_until", as: Date?.self),
            version: Int(try row.decode("version", as: Int64.self)),
            lastHandBackWritten: try row.decode("last_hand_back", as: String?.self).flatMap(HandBackStatus.init),
            deactivationCause: try row.decode("deactivation_cause", as: String?.self)
                .flatMap(DeactivationCause.init(rawValue:)),
            assistantName: try row.decode("display_name")
        )
        return Loaded(
            leadID: leadID,
            contactID: try row.decode("contact_id"),
            assistantHandle: try row.decode("handle"),
            snapshot: snapshot
        )
    }

    /// Applies `event` and persists it; returns the transition (nil when the lead does not exist).
    @discardableResult
    static func apply(
        _ event: LeadEvent,
        leadID: UUID,
        orgID: UUID,
        at now: Date,
        on database: PostgresConnection
    ) throws -> LeadTransition? {
        guard let loaded = try load(leadID, on: database) else { return nil }
        return try apply(event, to: loaded, orgID: orgID, at: now, on: database)
    }

    static func apply(
        _ event: LeadEvent,
        to loaded: Loaded,
        orgID: UUID,
        at now: Date,
        on database: PostgresConnection
    ) throws -> LeadTransition {
        let transition = LeadStateMachine.apply(event, to: loaded.snapshot, at: now)
        let lead = transition.lead
        try database.execute(
            """
            UPDATE leads SET state = $2, opens = $3, clicks = $4, soft_bounces = $5, next_step = $6,
                paused_until = $7, version = $8, last_hand_back = $9, deactivation_cause = $10,
                state_reason = CASE WHEN $11 THEN $12 ELSE state_reason END, updated_at = now()
            WHERE id = $1
            """,
            [
                loaded.leadID, lead.state.rawValue, lead.opens, lead.clicks, lead.softBounces, lead.nextStep,
                lead.pausedUntil, lead.version, lead.lastHandBackWritten?.rawValue, lead.deactivationCause?.rawValue,
                transition.changedState, transition.record.cause,
            ]
        )
        try database.execute(
            """
            INSERT INTO lead_events (org_id, lead_id, kind, from_state, to_state, cause, occurred_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            [
                orgID, loaded.leadID, transition.record.kind.rawValue, transition.record.from.rawValue,
                transition.record.to.rawValue, transition.record.cause, now,
            ]
        )

        var writes = transition.notes.map { note in
            JobAdderWrite(
                orgID: orgID,
                contactID: loaded.contactID,
                leadID: loaded.leadID,
                change: .note(text: note.text, type: NoteTypeNames.name(for: note.kind), reference: note.reference),
                occurredAt: now
            )
        }
        if let status = transition.statusWrite {
            writes.append(
                JobAdderWrite(
                    orgID: orgID,
                    contactID: loaded.contactID,
                    leadID: loaded.leadID,
                    change: .status(
                        handBack: status.handBack.rawValue,
                        handle: loaded.assistantHandle,
                        leadVersion: Int64(status.leadVersion),
                        noteText: nil
                    ),
                    occurredAt: now
                )
            )
        }
        try ContactWrites.enqueue(writes, on: database)

        if transition.stopsSending {
            try database.execute("DELETE FROM due_steps WHERE lead_id = $1", [loaded.leadID])
        } else if let pause = transition.pauseUntil {
            try database.execute(
                "UPDATE due_steps SET due_at = greatest(due_at, $2) WHERE lead_id = $1",
                [loaded.leadID, pause]
            )
        }
        return transition
    }
}
