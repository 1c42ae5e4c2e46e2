import Domain
import Foundation
import JobAdder
import Postgres
import Shared
import Store
import WorkerKit

/// What one takeover transaction knows about an org, loaded in a few queries, and the decisions it makes.
///
/// Capacity is counted as the batch goes, so a bulk assignment beyond an assistant's capacity makes the
/// overflow New rather than Cold.
final class TakeoverPlan {
    struct Assistant {
        var id: UUID
        var handle: String
        var name: String
        var contextID: UUID?
        var contextName: String?
        var scheduleID: UUID?
        var scheduleName: String?
        var capacity: Int
        var activeLeads: Int
    }

    struct Lead {
        var id: UUID
        var state: LeadState
        var deactivationCause: DeactivationCause?
        var email: String
        var assistantHandle: String
        var assistantName: String
        var version: Int64
        var sequenceNumber: Int
    }

    /// The effects of one contact's decision, to be written in the transaction.
    struct Step {
        var statements: [PostgresStatement] = []
        var writes: [JobAdderWrite] = []
        var nurtureMessages: [WorkMessage] = []
        var tookLead = false
    }

    let orgID: UUID
    private(set) var assistants: [String: Assistant]
    let leads: [Int: Lead]
    let checkpoints: [Int: Date]
    let handBackNames: HandBackStatusNames

    private init(
        orgID: UUID,
        assistants: [String: Assistant],
        leads: [Int: Lead],
        checkpoints: [Int: Date],
        handBackNames: HandBackStatusNames
    ) {
        self.orgID = orgID
        self.assistants = assistants
        self.leads = leads
        self.checkpoints = checkpoints
        self.handBackNames = handBackNames
    }

    /// Locks the contacts (advisory, in id order, so concurrent ingests never interleave on a contact)
    /// and reads what the decisions need.
    static func load(orgID: UUID, contacts: [Contact], on database: PostgresConnection) throws -> TakeoverPlan {
        let ids = contacts.map(\.contactId).sorted()
        try database.execute(
            """
            SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':' || c::text, 0))
            FROM (SELECT c FROM unnest($2::bigint[]) AS c ORDER BY c) AS ordered
            """,
            [orgID, PostgresArray(ids)]
        )
        let org = try database.query(
            "SELECT active_status_name, inactive_status_name FROM orgs WHERE id = $1",
            [orgID]
        ).first
        let names = HandBackStatusNames(
            active: try org?.decode("active_status_name", as: String.self) ?? "Active Contact",
            inactive: try org?.decode("inactive_status_name", as: String.self) ?? "Inactive Contact"
        )

        var assistants: [String: Assistant] = [:]
        for row in try database.query(
            """
            SELECT a.id, a.handle, a.display_name, a.default_context_id, c.name AS context_name,
                a.default_schedule_id, s.name AS schedule_name, a.lead_capacity,
                (SELECT count(*) FROM leads l WHERE l.assistant_id = a.id
                    AND l.state IN ('New', 'Cold', 'Engaged', 'Warm')) AS active_leads
            FROM assistants a
            LEFT JOIN contexts c ON c.id = a.default_context_id
            LEFT JOIN schedules s ON s.id = a.default_schedule_id
            """
        ) {
            let handle = try row.decode("handle", as: String.self)
            assistants[handle] = Assistant(
                id: try row.decode("id"),
                handle: handle,
                name: try row.decode("display_name"),
                contextID: try row.decode("default_context_id", as: UUID?.self),
                contextName: try row.decode("context_name", as: String?.self),
                scheduleID: try row.decode("default_schedule_id", as: UUID?.self),
                scheduleName: try row.decode("schedule_name", as: String?.self),
                capacity: try row.decode("lead_capacity"),
                activeLeads: try row.decode("active_leads")
            )
        }

        var leads: [Int: Lead] = [:]
        for row in try database.query(
            """
            SELECT l.id, l.contact_id, l.state, l.deactivation_cause, coalesce(l.email, '') AS email, a.handle,
                a.display_name, l.version, l.sequence_number
            FROM leads l JOIN assistants a ON a.id = l.assistant_id
            WHERE l.contact_id = ANY($1::bigint[])
            FOR UPDATE OF l
            """,
            [PostgresArray(ids)]
        ) {
            leads[try row.decode("contact_id", as: Int.self)] = Lead(
                id: try row.decode("id"),
                state: LeadState(rawValue: try row.decode("state", as: String.self)) ?? .processed,
                deactivationCause: try row.decode("deactivation_cause", as: String?.self)
                    .flatMap(DeactivationCause.init(rawValue:)),
                email: try row.decode("email"),
                assistantHandle: try row.decode("handle"),
                assistantName: try row.decode("display_name"),
                version: try row.decode("version"),
                sequenceNumber: try row.decode("sequence_number")
            )
        }

        var checkpoints: [Int: Date] = [:]
        for row in try database.query(
            "SELECT contact_id, contact_updated_at FROM assignment_checkpoints WHERE contact_id = ANY($1::bigint[])",
            [PostgresArray(ids)]
        ) {
            checkpoints[try row.decode("contact_id", as: Int.self)] = try row.decode(
                "contact_updated_at",
                as: Date.self
            )
        }
        return TakeoverPlan(
            orgID: orgID,
            assistants: assistants,
            leads: leads,
            checkpoints: checkpoints,
            handBackNames: names
        )
    }

    /// Applies SPEC §5 to one assigned contact and returns what to write.
    func decide(for contact: Contact, eventTime: Date, now: Date) -> Step {
        let handle = contact.status.flatMap { AssignmentStatusName.handle(in: $0.name) } ?? ""
        let assistant = assistants[handle]
        let existing = leads[contact.contactId]
        let updatedStamp = Int((contact.updatedAt ?? eventTime).timeIntervalSince1970 * 1000)
        let decision = TakeoverRules.decide(
            assignment: AssignmentFacts(
                handle: handle,
                statusName: contact.status?.name ?? "",
                eventReference: "handover:assign:\(contact.contactId):\(updatedStamp)"
            ),
            contact: ContactFacts(email: contact.email, isUnsubscribed: contact.unsubscribed),
            existingLead: existing.map {
                ExistingLeadFacts(
                    state: $0.state,
                    deactivationCause: $0.deactivationCause,
                    email: $0.email,
                    assistantHandle: $0.assistantHandle,
                    assistantName: $0.assistantName
                )
            },
            assistant: assistant.map {
                AssistantFacts(
                    handle: $0.handle,
                    name: $0.name,
                    defaultContextName: $0.contextName,
                    defaultScheduleName: $0.scheduleName,
                    activeLeadCount: $0.activeLeads,
                    leadCapacity: $0.capacity
                )
            },
            handBackNames: handBackNames
        )

        var step = Step()
        var leadID = existing?.id
        var version = existing?.version ?? 0
        switch decision.outcome {
        case .createLead(let start):
            guard let assistant else { break }
            let id = UUID()
            leadID = id
            version = 1
            step.statements.append(
                PostgresStatement(
                    """
                    INSERT INTO leads (id, org_id, contact_id, assistant_id, context_id, schedule_id, state,
                        state_reason, email, first_name, last_name, assigned_at, last_hand_back, assistant_handle)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                    """,
                    [
                        id, orgID, contact.contactId, assistant.id, start.state == .cold ? assistant.contextID : nil,
                        start.state == .cold ? assistant.scheduleID : nil, start.state.rawValue, Self.reason(start),
                        contact.email, contact.firstName, contact.lastName, eventTime,
                        decision.statusWrite?.handBack.rawValue, assistant.handle,
                    ]
                )
            )
            step.statements.append(event(id, from: nil, to: start.state, cause: "assigned in JobAdder to \(handle)"))
            take(
                &step,
                handle: assistant.handle,
                leadID: id,
                contactID: contact.contactId,
                start: start,
                sequence: 1,
                eventTime: eventTime
            )
        case .restartFinishedLead(let previous, let start):
            guard let assistant, let existing else { break }
            version = existing.version + 1
            step.statements.append(
                PostgresStatement(
                    """
                    UPDATE leads SET assistant_id = $2, context_id = $3, schedule_id = $4, state = $5,
                        state_reason = $6,
                        email = $7, first_name = $8, last_name = $9, assigned_at = $10, sequence_number = $11,
                        next_step = 0, paused_until = NULL, opens = 0, clicks = 0, soft_bounces = 0,
                        deactivation_cause = NULL, version = $12, last_hand_back = coalesce($13, last_hand_back),
                        assistant_handle = $14, updated_at = now()
                    WHERE id = $1
                    """,
                    [
                        existing.id, assistant.id, start.state == .cold ? assistant.contextID : nil,
                        start.state == .cold ? assistant.scheduleID : nil, start.state.rawValue, Self.reason(start),
                        contact.email, contact.firstName, contact.lastName, eventTime, existing.sequenceNumber + 1,
                        version, decision.statusWrite?.handBack.rawValue, assistant.handle,
                    ]
                )
            )
            step.statements.append(
                PostgresStatement(
                    "DELETE FROM due_steps WHERE lead_id = $1",
                    [existing.id]
                )
            )
            step.statements.append(
                event(existing.id, from: previous, to: start.state, cause: "re-assigned in JobAdder: new sequence")
            )
            take(
                &step,
                handle: assistant.handle,
                leadID: existing.id,
                contactID: contact.contactId,
                start: start,
                sequence: existing.sequenceNumber + 1,
                eventTime: eventTime
            )
        case .alreadyBeingWorked, .leadUnsubscribed, .bouncedSameAddress:
            if let existing {
                step.statements.append(
                    PostgresStatement(
                        """
                        INSERT INTO lead_events (org_id, lead_id, kind, from_state, to_state, cause)
                        VALUES ($1, $2, 'assignment_declined', $3, $3, $4)
                        """,
                        [orgID, existing.id, existing.state.rawValue, "re-assignment declined: \(decision.outcome)"]
                    )
                )
                if let write = decision.statusWrite {
                    step.statements.append(
                        PostgresStatement(
                            "UPDATE leads SET last_hand_back = $2 WHERE id = $1",
                            [existing.id, write.handBack.rawValue]
                        )
                    )
                }
            }
        case .unknownHandle, .noEmail, .invalidEmail, .unsubscribedInJobAdder:
            break
        }

        step.writes.append(
            JobAdderWrite(
                orgID: orgID,
                contactID: contact.contactId,
                leadID: leadID,
                change: .note(
                    text: decision.note.text,
                    type: NoteTypeNames.name(for: decision.note.kind),
                    reference: decision.note.reference
                ),
                occurredAt: eventTime
            )
        )
        if let write = decision.statusWrite {
            step.writes.append(
                JobAdderWrite(
                    orgID: orgID,
                    contactID: contact.contactId,
                    leadID: leadID,
                    change: .status(
                        handBack: write.handBack.rawValue,
                        handle: write.assistantHandle,
                        leadVersion: version,
                        noteText: nil
                    ),
                    occurredAt: eventTime
                )
            )
        }
        return step
    }

    private func take(
        _ step: inout Step,
        handle: String,
        leadID: UUID,
        contactID: Int,
        start: LeadStart,
        sequence: Int,
        eventTime: Date
    ) {
        step.tookLead = true
        assistants[handle]?.activeLeads += 1
        if case .cold = start {
            step.nurtureMessages.append(
                WorkMessage(
                    id: "lead:\(leadID.uuidString):\(sequence)",
                    kind: .leadAssigned,
                    orgID: orgID,
                    contactID: contactID,
                    leadID: leadID,
                    occurredAt: eventTime,
                    payload: ["sequence": String(sequence)]
                )
            )
        }
    }

    private func event(_ leadID: UUID, from: LeadState?, to: LeadState, cause: String) -> PostgresStatement {
        PostgresStatement(
            """
            INSERT INTO lead_events (org_id, lead_id, kind, from_state, to_state, cause)
            VALUES ($1, $2, 'state_changed', $3, $4, $5)
            """,
            [orgID, leadID, from?.rawValue, to.rawValue, cause]
        )
    }

    private static func reason(_ start: LeadStart) -> String? {
        switch start {
        case .cold: nil
        case .new(.atCapacity): "assistant at lead capacity"
        case .new(.noDefaultContext): "assistant has no default context"
        case .new(.noDefaultSchedule): "assistant has no default schedule"
        }
    }
}
