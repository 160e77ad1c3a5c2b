--liquibase formatted sql

--changeset enrichment:source-ai2ai-edges-consent splitStatements:false
-- Each edge carries whether its far end consents (other_consents), so the community aggregate keeps a member's
-- connections to consenting agents as it reads the member's index range. Looking the far ends up in
-- personality_profiles instead (a probe per neighbour, and a hash of every consenting agent for the agents two hops
-- away) took a fifth of the graph sections' time at 100 000 agents. Kept in step from both sides: the connection
-- triggers copy the far end's consent when they write an edge; the trigger on personality_profiles below rewrites it
-- on the edges that point at an agent whose consent changes, or whose profile appears or goes.
LOCK TABLE ai2ai_connections, personality_profiles IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE ai2ai_edges ADD COLUMN IF NOT EXISTS other_consents boolean NOT NULL DEFAULT false;
UPDATE ai2ai_edges e SET other_consents = true
FROM personality_profiles p
WHERE p.agent_id = e.other AND p.data_sharing_opt_in AND NOT e.other_consents;
CREATE INDEX IF NOT EXISTS ai2ai_edges_recent_consent_idx ON ai2ai_edges (agent_id, created_at DESC, connection_id DESC)
    INCLUDE (other, compatibility_score, other_consents);
DROP INDEX IF EXISTS ai2ai_edges_recent_idx;
ANALYZE ai2ai_edges;
COMMENT ON TABLE ai2ai_edges IS 'ai2ai_connections seen from each end (two rows per connection), with the consent of the far end, maintained by triggers on ai2ai_connections and personality_profiles. Do not write directly.';

-- One function for inserts and updates of connections (an update rewrites the connection's two rows); it replaces
-- change set source-ai2ai-edges' two.
CREATE OR REPLACE FUNCTION ai2ai_edges_after_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM ai2ai_edges e USING old_rows o WHERE e.connection_id = o.id;
    END IF;
    -- Read the far ends' consent under a share lock: a concurrent change of it waits for this transaction (and its
    -- trigger then sees these rows), or this waits for that change (and reads the new value).
    PERFORM FROM personality_profiles p
    WHERE p.agent_id IN (SELECT agent_id_1 FROM new_rows UNION SELECT agent_id_2 FROM new_rows)
    FOR SHARE OF p;
    INSERT INTO ai2ai_edges (connection_id, agent_id, other, compatibility_score, created_at, other_consents)
    SELECT e.id, e.agent_id, e.other, e.compatibility_score, e.created_at, coalesce(p.data_sharing_opt_in, false)
    FROM (SELECT id, agent_id_1 AS agent_id, agent_id_2 AS other, compatibility_score, created_at FROM new_rows
          UNION ALL
          SELECT id, agent_id_2, agent_id_1, compatibility_score, created_at FROM new_rows) e
    LEFT JOIN personality_profiles p ON p.agent_id = e.other;
    RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS ai2ai_edges_insert ON ai2ai_connections;
CREATE TRIGGER ai2ai_edges_insert AFTER INSERT ON ai2ai_connections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ai2ai_edges_after_write();
DROP TRIGGER IF EXISTS ai2ai_edges_update ON ai2ai_connections;
CREATE TRIGGER ai2ai_edges_update AFTER UPDATE ON ai2ai_connections
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ai2ai_edges_after_write();
DROP FUNCTION IF EXISTS ai2ai_edges_after_insert();
DROP FUNCTION IF EXISTS ai2ai_edges_after_update();

-- The agents whose consent the statement changed (a profile added or removed counts as its consent changing from or
-- to "no profile", which is no consent); the edges pointing at them are the mirrors of their own edges.
CREATE OR REPLACE FUNCTION ai2ai_edges_after_profiles_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    v_agents text[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        -- TRUNCATE personality_profiles, ai2ai_connections empties the edges next: nothing to rewrite then
        IF EXISTS (SELECT FROM ai2ai_connections) THEN
            UPDATE ai2ai_edges SET other_consents = false WHERE other_consents;
        END IF;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(agent_id) INTO v_agents FROM new_rows WHERE data_sharing_opt_in;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(agent_id) INTO v_agents FROM old_rows WHERE data_sharing_opt_in;
    ELSE
        SELECT array_agg(DISTINCT agent_id) INTO v_agents FROM (
            (SELECT agent_id, data_sharing_opt_in FROM new_rows EXCEPT SELECT agent_id, data_sharing_opt_in FROM old_rows)
            UNION ALL
            (SELECT agent_id, data_sharing_opt_in FROM old_rows EXCEPT SELECT agent_id, data_sharing_opt_in FROM new_rows)) d;
    END IF;
    IF v_agents IS NOT NULL THEN
        UPDATE ai2ai_edges e
        SET other_consents = c.consents
        FROM (SELECT a.agent_id, coalesce(p.data_sharing_opt_in, false) AS consents
              FROM unnest(v_agents) AS a(agent_id)
              LEFT JOIN personality_profiles p ON p.agent_id = a.agent_id) c
        JOIN ai2ai_edges mine ON mine.agent_id = c.agent_id
        WHERE e.connection_id = mine.connection_id AND e.other = c.agent_id AND e.other_consents <> c.consents;
    END IF;
    RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS ai2ai_edges_profiles_insert ON personality_profiles;
CREATE TRIGGER ai2ai_edges_profiles_insert AFTER INSERT ON personality_profiles
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ai2ai_edges_after_profiles_change();
DROP TRIGGER IF EXISTS ai2ai_edges_profiles_delete ON personality_profiles;
CREATE TRIGGER ai2ai_edges_profiles_delete AFTER DELETE ON personality_profiles
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ai2ai_edges_after_profiles_change();
DROP TRIGGER IF EXISTS ai2ai_edges_profiles_update ON personality_profiles;
CREATE TRIGGER ai2ai_edges_profiles_update AFTER UPDATE ON personality_profiles
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ai2ai_edges_after_profiles_change();
DROP TRIGGER IF EXISTS ai2ai_edges_profiles_truncate ON personality_profiles;
CREATE TRIGGER ai2ai_edges_profiles_truncate AFTER TRUNCATE ON personality_profiles
    FOR EACH STATEMENT EXECUTE FUNCTION ai2ai_edges_after_profiles_change();
