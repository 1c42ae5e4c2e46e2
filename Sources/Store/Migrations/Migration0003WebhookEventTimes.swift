/// When JobAdder says each webhook event happened, so polling can tell a contact's latest status change
/// was already heard (and is durably queued) instead of queueing it a second time.
enum Migration0003WebhookEventTimes {
    static let migration = Migration(
        version: 3,
        name: "webhook event times",
        sql: """
            ALTER TABLE webhook_events ADD COLUMN event_at timestamptz;
            CREATE INDEX webhook_events_contact_idx ON webhook_events (org_id, contact_id, event_at);
            """
    )
}
