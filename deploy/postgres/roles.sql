-- Roles Handover expects. Run once per cluster as a superuser.
-- handover_owner owns the schema and runs migrations; handover_app is what the workers and the CLI use:
-- it owns nothing, so row-level security (ENABLE + FORCE) always applies to it.
-- The names are fixed: the migrations grant table rights to handover_app by name.
-- Change the passwords in production (ALTER ROLE ... PASSWORD ...) and use the new ones in
-- HANDOVER_DATABASE_URL (handover_app) and HANDOVER_MIGRATION_DATABASE_URL (handover_owner).
-- Neither role may have BYPASSRLS or SUPERUSER, and handover_app must not own the tables: either would turn
-- tenant isolation off. Used by scripts/services.sh, deploy/compose.yaml (as an init script) and by hand:
--   psql -U postgres -f deploy/postgres/roles.sql && psql -U postgres -f deploy/postgres/create-database.sql
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
