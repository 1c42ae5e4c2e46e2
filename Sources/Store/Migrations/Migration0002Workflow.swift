/// What the three workers need beyond the first schema: assignment identity on leads, send pacing
/// per mailbox, per-contact write sequencing for writeback, a shared JobAdder pace, polling leases.
enum Migration0002Workflow {
    static let migration = Migration(
        version: 2,
        name: "workflow",
        sql: """
            ALTER TABLE leads
                ADD COLUMN deactivation_cause text,
                ADD COLUMN soft_bounces int NOT NULL DEFAULT 0,
                ADD COLUMN last_hand_back text,
                ADD COLUMN assistant_handle text;

            ALTER TABLE assistants
                ADD COLUMN min_spacing_seconds int NOT NULL DEFAULT 0 CHECK (min_spacing_seconds >= 0),
                ADD COLUMN spacing_jitter_seconds int NOT NULL DEFAULT 0 CHECK (spacing_jitter_seconds >= 0),
                ADD COLUMN next_send_at timestamptz;

            -- Writes to one JobAdder contact are numbered at commit time (the row lock orders them) and
            -- applied by writeback strictly in that order.
            CREATE TABLE contact_writes (
                org_id uuid NOT NULL REFERENCES orgs (id),
                contact_id bigint NOT NULL,
                next_sequence bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (org_id, contact_id)
            );
            CREATE TABLE contact_write_progress (
                org_id uuid NOT NULL REFERENCES orgs (id),
                contact_id bigint NOT NULL,
                applied_sequence bigint NOT NULL DEFAULT 0,
                status_version bigint NOT NULL DEFAULT 0,
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (org_id, contact_id)
            );

            -- The newest assignment ingest has handled per contact (the contact's updatedAt then), so a
            -- webhook and a poll reporting the same status change act only once.
            CREATE TABLE assignment_checkpoints (
                org_id uuid NOT NULL REFERENCES orgs (id),
                contact_id bigint NOT NULL,
                contact_updated_at timestamptz NOT NULL,
                PRIMARY KEY (org_id, contact_id)
            );

            -- What writeback applied in JobAdder, for a lead's history and for reconciliation.
            CREATE TABLE jobadder_write_log (
                id bigserial PRIMARY KEY,
                org_id uuid NOT NULL REFERENCES orgs (id),
                contact_id bigint NOT NULL,
                lead_id uuid,
                kind text NOT NULL,
                reference text,
                summary text NOT NULL,
                written_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX jobadder_write_log_contact ON jobadder_write_log (org_id, contact_id, id);

            -- One pace per JobAdder account, shared by every writeback instance.
            CREATE TABLE jobadder_pace (
                org_id uuid PRIMARY KEY REFERENCES orgs (id),
                requests_per_second double precision NOT NULL DEFAULT 5 CHECK (requests_per_second > 0),
                next_slot timestamptz NOT NULL DEFAULT now()
            );

            ALTER TABLE jobadder_connections
                ADD COLUMN poll_lease_owner text,
                ADD COLUMN poll_lease_until timestamptz,
                ADD COLUMN webhook_status text;

            DO $$
            DECLARE t text;
            BEGIN
                FOREACH t IN ARRAY ARRAY['assignment_checkpoints', 'contact_writes', 'contact_write_progress',
                                         'jobadder_pace', 'jobadder_write_log'] LOOP
                    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
                    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
                    EXECUTE format(
                        'CREATE POLICY org_isolation ON %I USING (org_id = handover_current_org() OR '
                        'handover_system_scope()) WITH CHECK (org_id = handover_current_org() OR '
                        'handover_system_scope())', t);
                    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO handover_app', t);
                END LOOP;
                GRANT USAGE ON SEQUENCE jobadder_write_log_id_seq TO handover_app;
            END
            $$;
            """
    )
}
