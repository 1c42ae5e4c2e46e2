import Foundation
import Postgres

/// The consumer-side inbox: a message's id is recorded in the same transaction as its effect, so a
/// redelivered message is recognised and has no second effect.
public enum Inbox {
    /// Records the ids for `consumer` and returns the ones not seen before. Call inside the transaction
    /// that applies their effects.
    public static func claim(
        _ messageIDs: [String],
        consumer: String,
        orgID: UUID,
        on database: PostgresConnection
    ) throws -> Set<String> {
        guard !messageIDs.isEmpty else { return [] }
        let rows = try database.query(
            """
            INSERT INTO inbox (consumer, message_id, org_id)
            SELECT $1, id, $2 FROM unnest($3::text[]) AS id
            ON CONFLICT DO NOTHING
            RETURNING message_id
            """,
            [consumer, orgID, PostgresArray(messageIDs)]
        )
        return Set(try rows.map { try $0.decode("message_id", as: String.self) })
    }
}
