-- The database Handover uses, owned by the schema owner so `handover db migrate` can create the schema.
-- Run once per cluster as a superuser, after roles.sql. (psql's \gexec makes it safe to run again.)
SELECT 'CREATE DATABASE handover OWNER handover_owner ENCODING ''UTF8'''
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'handover')
\gexec
