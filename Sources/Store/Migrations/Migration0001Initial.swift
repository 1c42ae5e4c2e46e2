/// The first schema: orgs, JobAdder connections, assistants, contexts, schedules, leads and their events,
/// messages, due steps, suppressions, webhook de-duplication, and the transactional outbox and inbox.
///
/// Tenant isolation lives in the database: every org-owned table has `org_id`, row-level security is
/// enabled and forced (so the owner is bound too), and one policy admits a row when its org is the
/// transaction's `app.org_id` or the transaction runs in `app.scope = 'system'`. References between
/// org-owned tables are composite `(org_id, id)` foreign keys, so a row can never point into another org.
/// Workers connect as `handover_app`, which owns nothing and gets plain DML rights.
enum Migration0001Initial {
    static let migration = Migration(
        version: 1,
        name: "initial",
        sql: """
            -- The org a transaction works for, from set_config('app.org_id', …, true); NULL when unset.
            CREATE FUNCTION handover_current_org() RETURNS uuid
                LANGUAGE sql STABLE PARALLEL SAFE
                AS $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;

            -- True only in the few cross-org system transactions (outbox relay, due-step claims, org listing).
            CREATE FUNCTION handover_system_scope() RETURNS boolean
                LANGUAGE sql STABLE PARALLEL SAFE
                AS $$ SELECT coalesce(current_setting('app.scope', true), '') = 'system' $$;

            CREATE TABLE orgs (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
                name text NOT NULL,
                active_status_name text NOT NULL DEFAULT 'Active Contact',
                inactive_status_name text NOT NULL DEFAULT 'Inactive Contact',
                created_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE jobadder_connections (
                org_id uuid PRIMARY KEY REFERENCES orgs ON DELETE CASCADE,
                state text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'connected', 'reconnect_needed', 'disconnected')),
                api_base_url text,
                account_id text,
                instance_id text,
                access_token_sealed bytea,
                refresh_token_sealed bytea,
                access_expires_at timestamptz,
                refreshed_at timestamptz,
                webhook_id text UNIQUE,
                webhook_secret_sealed bytea,
                status_cache jsonb,
                status_cache_at timestamptz,
                last_poll_at timestamptz,
                last_error text,
                version bigint NOT NULL DEFAULT 1,
                updated_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE contexts (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
                name text NOT NULL,
                definition jsonb NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (org_id, name),
                UNIQUE (org_id, id)
            );

            CREATE TABLE schedules (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
                name text NOT NULL,
                definition jsonb NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (org_id, name),
                UNIQUE (org_id, id)
            );

            -- Handles and mailboxes are stored lower-case, so uniqueness is case-insensitive.
            CREATE TABLE assistants (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
                handle text NOT NULL CHECK (handle <> '' AND handle = lower(handle)),
                mailbox text NOT NULL UNIQUE CHECK (mailbox = lower(mailbox) AND mailbox LIKE '%_@_%'),
                display_name text NOT NULL,
                time_zone text NOT NULL,
                default_context_id uuid,
                default_schedule_id uuid,
                daily_cap integer NOT NULL CHECK (daily_cap > 0),
                lead_capacity integer NOT NULL CHECK (lead_capacity > 0),
                crm_status text NOT NULL DEFAULT 'ASSISTANT_NOT_YET_CREATED' CHECK (crm_status IN (
                    'ASSISTANT_NOT_YET_CREATED',
                    'ASSISTANT_DOES_NOT_EXISTS_AS_USER_IN_CRM',
                    'ASSISTANT_EXISTS_AS_USER_IN_CRM',
                    'ALL_WORKING_WELL'
                )),
                crm_checked_at timestamptz,
                created_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (org_id, handle),
                UNIQUE (org_id, id),
                FOREIGN KEY (org_id, default_context_id) REFERENCES contexts (org_id, id)
                    ON DELETE SET NULL (default_context_id),
                FOREIGN KEY (org_id, default_schedule_id) REFERENCES schedules (org_id, id)
                    ON DELETE SET NULL (default_schedule_id)
            );

            -- One lead per JobAdder contact per org; a re-assignment starts a new sequence on the same row.
            -- context_id and schedule_id are NULL while a New lead waits for the assistant's defaults.
            CREATE TABLE leads (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
                contact_id bigint NOT NULL,
                assistant_id uuid NOT NULL,
                context_id uuid,
                schedule_id uuid,
                state text NOT NULL CHECK (state IN (
                    'New', 'Cold', 'Engaged', 'Warm', 'Hot', 'Responded', 'UnSubscribed', 'DeActivated', 'Processed'
                )),
                state_reason text,
                email text,
                first_name text,
                last_name text,
                contact_data jsonb,
                time_zone text,
                sequence_number integer NOT NULL DEFAULT 1,
                next_step integer NOT NULL DEFAULT 0,
                paused_until timestamptz,
                opens integer NOT NULL DEFAULT 0,
                clicks integer NOT NULL DEFAULT 0,
                version bigint NOT NULL DEFAULT 1,
                assigned_at timestamptz,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (org_id, contact_id),
                UNIQUE (org_id, id),
                FOREIGN KEY (org_id, assistant_id) REFERENCES assistants (org_id, id),
                FOREIGN KEY (org_id, context_id) REFERENCES contexts (org_id, id),
                FOREIGN KEY (org_id, schedule_id) REFERENCES schedules (org_id, id)
            );
            CREATE INDEX leads_org_state_idx ON leads (org_id, state);
            CREATE INDEX leads_assistant_state_idx ON leads (assistant_id, state);
            CREATE INDEX leads_org_email_idx ON leads (org_id, lower(email));

            CREATE TABLE lead_events (
                id bigserial PRIMARY KEY,
                org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
                lead_id uuid NOT NULL,
                kind text NOT NULL,
                from_state text,
                to_state text,
                cause text,
                detail jsonb,
                occurred_at timestamptz NOT NULL DEFAULT now(),
                FOREIGN KEY (org_id, lead_id) REFERENCES leads (org_id, id) ON DELETE CASCADE
            );
            CREATE INDEX lead_events_lead_idx ON lead_events (lead_id, occurred_at);

            -- Outbound Message-IDs are generated here and unique everywhere. An inbound Message-ID is chosen by
            -- the sender, and one email may reach several assistants, so it is unique per assistant only.
            CREATE TABLE messages (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
                lead_id uuid NOT NULL,
                assistant_id uuid NOT NULL,
                direction text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
                sequence_number integer,
                step integer,
                message_id_header text NOT NULL,
                in_reply_to text,
                subject text,
                status text NOT NULL CHECK (status IN ('claimed', 'sent', 'outcome_unknown', 'failed', 'received')),
                classification text,
                classifier text,
                confidence double precision,
                detail jsonb,
                opens integer NOT NULL DEFAULT 0,
                clicks integer NOT NULL DEFAULT 0,
                claimed_at timestamptz,
                sent_at timestamptz,
                received_at timestamptz,
                created_at timestamptz NOT NULL DEFAULT now(),
                CHECK (direction = 'inbound' OR (sequence_number IS NOT NULL AND step IS NOT NULL)),
                FOREIGN KEY (org_id, lead_id) REFERENCES leads (org_id, id) ON DELETE CASCADE,
                FOREIGN KEY (org_id, assistant_id) REFERENCES assistants (org_id, id)
            );
            CREATE UNIQUE INDEX messages_outbound_message_id_key ON messages (message_id_header)
                WHERE direction = 'outbound';
            CREATE UNIQUE INDEX messages_inbound_message_id_key ON messages (assistant_id, message_id_header)
                WHERE direction = 'inbound';
            -- Never two emails for the same lead, sequence and step.
            CREATE UNIQUE INDEX messages_outbound_step_key ON messages (lead_id, sequence_number, step)
                WHERE direction = 'outbound';
            -- The rolling 24-hour daily cap per assistant.
            CREATE INDEX messages_assistant_sent_idx ON messages (assistant_id, sent_at)
                WHERE direction = 'outbound';
            CREATE INDEX messages_lead_idx ON messages (lead_id, created_at);

            -- The next step each lead is waiting for; claimed with FOR UPDATE SKIP LOCKED.
            CREATE TABLE due_steps (
                lead_id uuid PRIMARY KEY,
                org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
                assistant_id uuid NOT NULL,
                due_at timestamptz NOT NULL,
                sequence_number integer NOT NULL,
                step integer NOT NULL,
                claimed_until timestamptz,
                claimed_by text,
                FOREIGN KEY (org_id, lead_id) REFERENCES leads (org_id, id) ON DELETE CASCADE,
                FOREIGN KEY (org_id, assistant_id) REFERENCES assistants (org_id, id)
            );
            CREATE INDEX due_steps_due_at_idx ON due_steps (due_at);

            CREATE TABLE suppressions (
                org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
                email text NOT NULL,
                reason text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE UNIQUE INDEX suppressions_org_email_key ON suppressions (org_id, lower(email));

            -- JobAdder webhook deliveries already accepted, to drop redeliveries.
            CREATE TABLE webhook_events (
                org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
                event_id text NOT NULL,
                contact_id bigint,
                received_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (org_id, event_id)
            );
            CREATE INDEX webhook_events_received_at_idx ON webhook_events (received_at);

            -- Transactional outbox: written with the change it announces, published by the relay.
            CREATE TABLE outbox (
                id bigserial PRIMARY KEY,
                org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
                message_id text NOT NULL UNIQUE,
                routing_key text NOT NULL,
                kind text NOT NULL,
                ordering_key text,
                body bytea NOT NULL,
                headers jsonb,
                created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                published_at timestamptz
            );
            CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;

            -- Messages each consumer has handled, written in the same transaction as the handling.
            CREATE TABLE inbox (
                consumer text NOT NULL,
                message_id text NOT NULL,
                org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
                handled_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (consumer, message_id)
            );

            -- Row-level security: enabled and forced on every org-owned table.
            ALTER TABLE orgs ENABLE ROW LEVEL SECURITY;
            ALTER TABLE orgs FORCE ROW LEVEL SECURITY;
            CREATE POLICY org_isolation ON orgs
                USING (id = handover_current_org() OR handover_system_scope())
                WITH CHECK (id = handover_current_org() OR handover_system_scope());

            DO $$
            DECLARE
                org_table text;
            BEGIN
                FOREACH org_table IN ARRAY ARRAY[
                    'jobadder_connections', 'contexts', 'schedules', 'assistants', 'leads', 'lead_events',
                    'messages', 'due_steps', 'suppressions', 'webhook_events', 'outbox', 'inbox'
                ] LOOP
                    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', org_table);
                    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', org_table);
                    EXECUTE format(
                        'CREATE POLICY org_isolation ON %I '
                        'USING (org_id = handover_current_org() OR handover_system_scope()) '
                        'WITH CHECK (org_id = handover_current_org() OR handover_system_scope())',
                        org_table
                    );
                END LOOP;
            END
            $$;

            -- The workers' role owns nothing and may only read and write rows.
            GRANT SELECT, INSERT, UPDATE, DELETE ON
                orgs, jobadder_connections, contexts, schedules, assistants, leads, lead_events,
                messages, due_steps, suppressions, webhook_events, outbox, inbox
                TO handover_app;
            GRANT USAGE ON SEQUENCE lead_events_id_seq, outbox_id_seq TO handover_app;
            """
    )
}
