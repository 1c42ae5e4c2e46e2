/// The daily-cap check counts a mailbox's sends of the last 24 hours before every send: an index on
/// exactly that predicate keeps the count to the rows it needs instead of every email the assistant sent.
enum Migration0004RecentSendsIndex {
    static let migration = Migration(
        version: 4,
        name: "recent sends index",
        sql: """
            CREATE INDEX messages_outbound_recent_idx ON messages (assistant_id, (coalesce(sent_at, claimed_at)))
                WHERE direction = 'outbound' AND status IN ('claimed', 'sent', 'outcome_unknown');
            """
    )
}
