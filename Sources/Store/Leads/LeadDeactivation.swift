import Foundation
import Postgres

/// Deactivating leads from outside the state machine's usual flow: the contact was deleted in JobAdder.
public enum LeadDeactivation {
    /// Moves the org's lead for `contactID` to DeActivated (unless already finished that way) and stops
    /// its schedule, in one org transaction.
    public static func contactDeleted(orgID: UUID, contactID: Int, on database: PostgresConnection) throws {
        try database.transaction(org: orgID) { database in
            let rows = try database.query(
                """
                UPDATE leads SET state = 'DeActivated', deactivation_cause = 'contact_deleted',
                    state_reason = 'contact deleted in JobAdder', version = version + 1, updated_at = now()
                WHERE org_id = $1 AND contact_id = $2 AND state NOT IN ('UnSubscribed', 'DeActivated')
                RETURNING id
                """,
                [orgID, contactID]
            )
            for row in rows {
                let leadID = try row.decode("id", as: UUID.self)
                try database.execute(
                    """
                    INSERT INTO lead_events (org_id, lead_id, kind, to_state, cause)
                    VALUES ($1, $2, 'state_changed', 'DeActivated', 'contact deleted in JobAdder (404)')
                    """,
                    [orgID, leadID]
                )
                try database.execute("DELETE FROM due_steps WHERE lead_id = $1", [leadID])
            }
        }
    }
}
