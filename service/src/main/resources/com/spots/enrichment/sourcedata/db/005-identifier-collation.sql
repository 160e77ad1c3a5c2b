--liquibase formatted sql

--changeset enrichment:source-identifier-collation splitStatements:false
-- Identifiers and labels (agent ids, spot ids, categories, regions, action types) compare byte by byte: they are codes,
-- not prose. Under the database's default collation every index descent, sort and merge on them goes through the
-- locale's strcoll and sorts without abbreviated keys; with "C" they are memcmp. The aggregates join, sort and group
-- on these columns tens of thousands of times per request. Binary-compatible, so no table rewrite; the indexes on
-- these columns are rebuilt once per table (seconds per million rows). Columns already in "C" are left alone.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT a.attrelid::regclass AS tbl,
               string_agg(format('ALTER COLUMN %I TYPE text COLLATE "C"', a.attname), ', ' ORDER BY a.attnum) AS changes
        FROM pg_attribute a
        JOIN pg_class r ON r.oid = a.attrelid
        WHERE r.relnamespace = current_schema()::regnamespace
          AND (r.relname, a.attname) IN (('personality_profiles', 'agent_id'), ('personality_profiles', 'home_region'),
                                         ('personality_profiles', 'archetype'),
                                         ('user_actions', 'agent_id'), ('user_actions', 'action_type'),
                                         ('user_actions', 'spot_id'), ('user_actions', 'spot_category'),
                                         ('ai2ai_connections', 'agent_id_1'), ('ai2ai_connections', 'agent_id_2'),
                                         ('ai2ai_edges', 'agent_id'), ('ai2ai_edges', 'other'))
          AND a.attcollation <> 'pg_catalog."C"'::regcollation
        GROUP BY a.attrelid
    LOOP
        EXECUTE format('ALTER TABLE %s %s', t.tbl, t.changes);
    END LOOP;
END
$$;
