--liquibase formatted sql

--changeset enrichment:source-ai2ai-edges-consent-new-profiles splitStatements:false
-- A profile inserted while a connection to its agent is being written: the connection's trigger finds no profile row
-- to lock (the new one is not visible yet), and the profile's trigger does not see the uncommitted edges, so the edges
-- to the new agent would keep "no consent". The two now meet on an advisory lock of the agent: a profile insert holds
-- it exclusively until it commits, and a connection whose far end has no profile takes it shared before its edges
-- read that far end's consent, so whichever comes second waits for the first to commit and then sees it.
-- Agents share 64 lock buckets: a transaction holds at most 64 of these locks, however many rows it writes.
CREATE OR REPLACE FUNCTION ai2ai_edges_lock_agents(p_agents text[], p_exclusive boolean) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
    v_bucket integer;
BEGIN
    -- buckets in ascending order in every transaction, so that two never wait for each other
    FOR v_bucket IN SELECT DISTINCT hashtext(a) & 63 FROM unnest(p_agents) a ORDER BY 1 LOOP
        IF p_exclusive THEN
            PERFORM pg_advisory_xact_lock(hashtext('ai2ai_edges.other_consents'), v_bucket);
        ELSE
            PERFORM pg_advisory_xact_lock_shared(hashtext('ai2ai_edges.other_consents'), v_bucket);
        END IF;
    END LOOP;
END
$fn$;

-- The locks are taken by triggers of their own, which fire before the ones that write the edges: triggers on the same
-- event fire in the order of their names, and "claim" sorts before "insert" and "update".
CREATE OR REPLACE FUNCTION ai2ai_edges_claim_far_ends_without_profile() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    PERFORM ai2ai_edges_lock_agents(array_agg(f.agent_id), false)
    FROM (SELECT agent_id_1 AS agent_id FROM new_rows UNION SELECT agent_id_2 FROM new_rows) f
    WHERE NOT EXISTS (SELECT FROM personality_profiles p WHERE p.agent_id = f.agent_id)
    HAVING count(*) > 0;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION ai2ai_edges_claim_new_profiles() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    PERFORM ai2ai_edges_lock_agents(array_agg(agent_id), true) FROM new_rows WHERE data_sharing_opt_in
    HAVING count(*) > 0;
    RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS ai2ai_edges_claim_insert ON ai2ai_connections;
CREATE TRIGGER ai2ai_edges_claim_insert AFTER INSERT ON ai2ai_connections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ai2ai_edges_claim_far_ends_without_profile();
DROP TRIGGER IF EXISTS ai2ai_edges_claim_update ON ai2ai_connections;
CREATE TRIGGER ai2ai_edges_claim_update AFTER UPDATE ON ai2ai_connections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ai2ai_edges_claim_far_ends_without_profile();
DROP TRIGGER IF EXISTS ai2ai_edges_profiles_claim_insert ON personality_profiles;
CREATE TRIGGER ai2ai_edges_profiles_claim_insert AFTER INSERT ON personality_profiles
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ai2ai_edges_claim_new_profiles();
