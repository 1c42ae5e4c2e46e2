import Foundation
import Postgres
import Shared

/// Numbers each contact's JobAdder writes and puts them in the outbox for writeback.
///
/// The number comes from `contact_writes` under its row lock, in the same transaction as the change
/// that caused the write, so numbers follow commit order; writeback applies them strictly in that order.
public enum ContactWrites {
    /// Enqueues `writes` (any contacts, one org) in the caller's org transaction.
    public static func enqueue(_ writes: [JobAdderWrite], on database: PostgresConnection) throws {
        guard let orgID = writes.first?.orgID else { return }
        var countByContact: [Int: Int] = [:]
        for write in writes {
            countByContact[write.contactID, default: 0] += 1
        }
        let contacts = countByContact.keys.sorted()
        let rows = try database.query(
            """
            INSERT INTO contact_writes (org_id, contact_id, next_sequence)
            SELECT $1, c, n FROM unnest($2::bigint[], $3::bigint[]) AS t(c, n)
            ON CONFLICT (org_id, contact_id)
            DO UPDATE SET next_sequence = contact_writes.next_sequence + excluded.next_sequence
            RETURNING contact_id, next_sequence
            """,
            [orgID, PostgresArray(contacts), PostgresArray(contacts.map { countByContact[$0] ?? 0 })]
        )
        var nextByContact: [Int: Int64] = [:]
        for row in rows {
            let contact = try row.decode("contact_id", as: Int.self)
            let last = try row.decode("next_sequence", as: Int64.self)
            nextByContact[contact] = last - Int64(countByContact[contact] ?? 0) + 1
        }

        var messages: [WorkMessage] = []
        for write in writes {
            let sequence = nextByContact[write.contactID] ?? 1
            nextByContact[write.contactID] = sequence + 1
            messages.append(message(for: write, sequence: sequence))
        }
        try Outbox.enqueue(messages, on: database)
    }

    static func message(for write: JobAdderWrite, sequence: Int64) -> WorkMessage {
        switch write.change {
        case .note(let text, let type, let reference):
            return WorkMessage(
                id: "note:\(write.orgID.uuidString):\(write.contactID):\(sequence)",
                kind: .writeNote,
                orgID: write.orgID,
                contactID: write.contactID,
                leadID: write.leadID,
                occurredAt: write.occurredAt,
                payload: ["text": text, "type": type, "reference": reference, "sequence": String(sequence)]
            )
        case .status(let handBack, let handle, let leadVersion, let noteText):
            var payload = ["handBack": handBack, "leadVersion": String(leadVersion), "sequence": String(sequence)]
            payload["handle"] = handle
            payload["noteText"] = noteText
            return WorkMessage(
                id: "status:\(write.orgID.uuidString):\(write.contactID):\(sequence)",
                kind: .writeStatus,
                orgID: write.orgID,
                contactID: write.contactID,
                leadID: write.leadID,
                occurredAt: write.occurredAt,
                payload: payload
            )
        }
    }
}
