-- Roles Handover expects. Run once per cluster as a superuser.
-- handover_owner owns the schema and runs migrations; handover_app is what the workers and the CLI use:
-- it owns nothing, so row-level security (ENABLE + FORCE) always applies to it.
-- Change the passwords in production (ALTER ROLE ... PASSWORD ...).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'handover_owner') THEN
        CREATE ROLE handover_owner LOGIN PASSWORD 'handover_owner' NOSUPERUSER NOBYPASSRLS CREATEDB;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'handover_app') THEN
        CREATE ROLE handover_app LOGIN PASSWORD 'handover_app' NOSUPERUSER NOBYPASSRLS NOCREATEDB;
    END IF;
END
$$;
