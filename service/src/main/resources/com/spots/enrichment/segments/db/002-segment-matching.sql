--liquibase formatted sql

--changeset enrichment:segment-matching-function splitStatements:false runOnChange:true
-- SPEC §6 segment matching: every criterion given must hold; a NULL (or empty) criterion is not given.
-- Only consenting agents exist for any aggregate. LANGUAGE sql without SET clauses, so the planner inlines both
-- functions (folding the NULL tests and using the partial indexes on consent). segment_profiles is the one
-- matcher: the aggregate_* functions read the matched rows from it, get_agent_ids_for_segment lists their ids.
CREATE OR REPLACE FUNCTION segment_profiles(
    p_region text DEFAULT NULL,
    p_age_min integer DEFAULT NULL,
    p_age_max integer DEFAULT NULL,
    p_interests text[] DEFAULT NULL,
    p_categories text[] DEFAULT NULL
) RETURNS SETOF personality_profiles
LANGUAGE sql
STABLE
AS $fn$
    SELECT p.*
    FROM personality_profiles p
    WHERE p.data_sharing_opt_in
      AND (p_region IS NULL OR p.home_region = p_region)
      AND (p_age_min IS NULL OR p.age >= p_age_min)
      AND (p_age_max IS NULL OR p.age <= p_age_max)
      AND (p_interests IS NULL OR cardinality(p_interests) = 0 OR p.interests && p_interests)
      AND (p_categories IS NULL OR cardinality(p_categories) = 0 OR p.category_preferences && p_categories)
$fn$;

CREATE OR REPLACE FUNCTION get_agent_ids_for_segment(
    p_region text DEFAULT NULL,
    p_age_min integer DEFAULT NULL,
    p_age_max integer DEFAULT NULL,
    p_interests text[] DEFAULT NULL,
    p_categories text[] DEFAULT NULL
) RETURNS SETOF text
LANGUAGE sql
STABLE
AS $fn$
    SELECT s.agent_id FROM segment_profiles(p_region, p_age_min, p_age_max, p_interests, p_categories) s
$fn$;

-- This change set runs again whenever the matcher changes: no answer computed for the old members is served again.
-- (On a new database the cache table comes with the next change set.)
DO $do$
BEGIN
    IF to_regclass('segment_aggregate_cache') IS NOT NULL THEN
        DELETE FROM segment_aggregate_cache;
    END IF;
END
$do$;

--changeset enrichment:segment-aggregate-cache-table
CREATE TABLE IF NOT EXISTS segment_aggregate_cache (
    partner_id      text NOT NULL CHECK (partner_id ~ '^[a-z0-9-]{1,40}$'),
    definition_hash char(64) NOT NULL,
    endpoint        text NOT NULL,
    window_days     integer NOT NULL CHECK (window_days >= 0),
    sections        text NOT NULL,
    payload         jsonb NOT NULL,
    computed_at     timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (partner_id, definition_hash, endpoint, window_days, sections)
);
CREATE INDEX IF NOT EXISTS segment_aggregate_cache_expiry_idx ON segment_aggregate_cache (expires_at);
COMMENT ON TABLE segment_aggregate_cache IS 'Aggregates (the JSON the aggregate_* functions returned) per partner, segment definition, endpoint, time window and sections, until expires_at. Never an agent id.';

--changeset enrichment:segment-aggregate-cache-rls splitStatements:false
ALTER TABLE segment_aggregate_cache ENABLE ROW LEVEL SECURITY;
ALTER TABLE segment_aggregate_cache FORCE ROW LEVEL SECURITY;
REVOKE ALL ON segment_aggregate_cache FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON segment_aggregate_cache TO enrichment_service;
DROP POLICY IF EXISTS segment_aggregate_cache_service_only ON segment_aggregate_cache;
CREATE POLICY segment_aggregate_cache_service_only ON segment_aggregate_cache FOR ALL TO enrichment_service USING (true) WITH CHECK (true);
