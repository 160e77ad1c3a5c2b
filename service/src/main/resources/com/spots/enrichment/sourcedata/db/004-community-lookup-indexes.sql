--liquibase formatted sql

--changeset enrichment:source-ai2ai-edges splitStatements:false
-- Every connection from both of its ends, newest first per agent: a member's most recent connections (the community
-- contribution bound) are one ordered index range, not two index scans merged and sorted. Derived from
-- ai2ai_connections only, kept in step by the statement-level triggers below (transition tables, so a COPY of
-- many rows is one INSERT ... SELECT here). Consent is not copied: it is read from personality_profiles at query time.
LOCK TABLE ai2ai_connections IN SHARE ROW EXCLUSIVE MODE;
CREATE TABLE IF NOT EXISTS ai2ai_edges (
    connection_id       bigint NOT NULL,
    agent_id            text NOT NULL,
    other               text NOT NULL,
    compatibility_score double precision NOT NULL,
    created_at          timestamptz NOT NULL
);
TRUNCATE ai2ai_edges;
INSERT INTO ai2ai_edges (connection_id, agent_id, other, compatibility_score, created_at)
SELECT id, agent_id_1, agent_id_2, compatibility_score, created_at FROM ai2ai_connections
UNION ALL
SELECT id, agent_id_2, agent_id_1, compatibility_score, created_at FROM ai2ai_connections;
-- the triggers find a connection's two rows by its id
CREATE INDEX IF NOT EXISTS ai2ai_edges_connection_idx ON ai2ai_edges (connection_id);
CREATE INDEX IF NOT EXISTS ai2ai_edges_recent_idx
    ON ai2ai_edges (agent_id, created_at DESC, connection_id DESC) INCLUDE (other, compatibility_score);
ANALYZE ai2ai_edges;
COMMENT ON TABLE ai2ai_edges IS 'ai2ai_connections seen from each end (two rows per connection), maintained by triggers on ai2ai_connections. Do not write directly.';

-- SECURITY DEFINER: whoever may write ai2ai_connections keeps its derived rows in step without rights on this table.
CREATE OR REPLACE FUNCTION ai2ai_edges_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    INSERT INTO ai2ai_edges (connection_id, agent_id, other, compatibility_score, created_at)
    SELECT id, agent_id_1, agent_id_2, compatibility_score, created_at FROM new_rows
    UNION ALL
    SELECT id, agent_id_2, agent_id_1, compatibility_score, created_at FROM new_rows;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION ai2ai_edges_after_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    DELETE FROM ai2ai_edges e USING old_rows o WHERE e.connection_id = o.id;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION ai2ai_edges_after_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    DELETE FROM ai2ai_edges e USING old_rows o WHERE e.connection_id = o.id;
    INSERT INTO ai2ai_edges (connection_id, agent_id, other, compatibility_score, created_at)
    SELECT id, agent_id_1, agent_id_2, compatibility_score, created_at FROM new_rows
    UNION ALL
    SELECT id, agent_id_2, agent_id_1, compatibility_score, created_at FROM new_rows;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION ai2ai_edges_after_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    TRUNCATE ai2ai_edges;
    RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS ai2ai_edges_insert ON ai2ai_connections;
CREATE TRIGGER ai2ai_edges_insert AFTER INSERT ON ai2ai_connections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ai2ai_edges_after_insert();
DROP TRIGGER IF EXISTS ai2ai_edges_delete ON ai2ai_connections;
CREATE TRIGGER ai2ai_edges_delete AFTER DELETE ON ai2ai_connections
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ai2ai_edges_after_delete();
DROP TRIGGER IF EXISTS ai2ai_edges_update ON ai2ai_connections;
CREATE TRIGGER ai2ai_edges_update AFTER UPDATE ON ai2ai_connections
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ai2ai_edges_after_update();
DROP TRIGGER IF EXISTS ai2ai_edges_truncate ON ai2ai_connections;
CREATE TRIGGER ai2ai_edges_truncate AFTER TRUNCATE ON ai2ai_connections
    FOR EACH STATEMENT EXECUTE FUNCTION ai2ai_edges_after_truncate();

--changeset enrichment:source-user-actions-agent-recent-idx
-- A member's most recent actions in a window (ORDER BY start_time DESC, id DESC LIMIT n) read backwards from the
-- index, without a sort per member. Replaces user_actions_agent_time_idx (same leading key).
CREATE INDEX IF NOT EXISTS user_actions_agent_recent_idx ON user_actions (agent_id, start_time, id);
DROP INDEX IF EXISTS user_actions_agent_time_idx;

--changeset enrichment:source-profiles-region-cover-idx
-- Region and age segments by an index-only scan for the columns the community aggregate reads (id, region,
-- updated_at). Replaces personality_profiles_region_age_idx (same key, same predicate).
CREATE INDEX IF NOT EXISTS personality_profiles_region_age_cover_idx ON personality_profiles (home_region, age)
    INCLUDE (agent_id, updated_at) WHERE data_sharing_opt_in;
DROP INDEX IF EXISTS personality_profiles_region_age_idx;
