--liquibase formatted sql

--changeset enrichment:source-profile-dimension-values splitStatements:false
-- The 12 dimensions of a profile as numbers, in SPEC §6's order (1 exploration_eagerness ... 12 crowd_tolerance), each
-- what dimension_value() reads: clamped to [0, 1] (in numeric, so that no number the JSON can hold is out of range),
-- NULL when absent or not a number. Extracted once when the profile is written instead of from the JSONB by every
-- aggregation (82 000 extractions for a city segment of 6 833 members). The app keeps writing dimensions only;
-- PostgreSQL keeps this column. The expression is this change set's own: a change to it, or to dimension_value(),
-- comes with a new change set that rewrites the column. Adding it rewrites the table once.
ALTER TABLE personality_profiles ADD COLUMN IF NOT EXISTS dimension_values double precision[]
    GENERATED ALWAYS AS (ARRAY[
        CASE WHEN jsonb_typeof(dimensions -> 'exploration_eagerness') = 'number'
             THEN LEAST(GREATEST((dimensions -> 'exploration_eagerness')::numeric, 0), 1)::double precision END,
        CASE WHEN jsonb_typeof(dimensions -> 'community_orientation') = 'number'
             THEN LEAST(GREATEST((dimensions -> 'community_orientation')::numeric, 0), 1)::double precision END,
        CASE WHEN jsonb_typeof(dimensions -> 'authenticity_preference') = 'number'
             THEN LEAST(GREATEST((dimensions -> 'authenticity_preference')::numeric, 0), 1)::double precision END,
        CASE WHEN jsonb_typeof(dimensions -> 'social_discovery_style') = 'number'
             THEN LEAST(GREATEST((dimensions -> 'social_discovery_style')::numeric, 0), 1)::double precision END,
        CASE WHEN jsonb_typeof(dimensions -> 'temporal_flexibility') = 'number'
             THEN LEAST(GREATEST((dimensions -> 'temporal_flexibility')::numeric, 0), 1)::double precision END,
        CASE WHEN jsonb_typeof(dimensions -> 'location_adventurousness') = 'number'
             THEN LEAST(GREATEST((dimensions -> 'location_adventurousness')::numeric, 0), 1)::double precision END,
        CASE WHEN jsonb_typeof(dimensions -> 'curation_tendency') = 'number'
             THEN LEAST(GREATEST((dimensions -> 'curation_tendency')::numeric, 0), 1)::double precision END,
        CASE WHEN jsonb_typeof(dimensions -> 'trust_network_reliance') = 'number'
             THEN LEAST(GREATEST((dimensions -> 'trust_network_reliance')::numeric, 0), 1)::double precision END,
        CASE WHEN jsonb_typeof(dimensions -> 'energy_preference') = 'number'
             THEN LEAST(GREATEST((dimensions -> 'energy_preference')::numeric, 0), 1)::double precision END,
        CASE WHEN jsonb_typeof(dimensions -> 'novelty_seeking') = 'number'
             THEN LEAST(GREATEST((dimensions -> 'novelty_seeking')::numeric, 0), 1)::double precision END,
        CASE WHEN jsonb_typeof(dimensions -> 'value_orientation') = 'number'
             THEN LEAST(GREATEST((dimensions -> 'value_orientation')::numeric, 0), 1)::double precision END,
        CASE WHEN jsonb_typeof(dimensions -> 'crowd_tolerance') = 'number'
             THEN LEAST(GREATEST((dimensions -> 'crowd_tolerance')::numeric, 0), 1)::double precision END
    ]) STORED;
COMMENT ON COLUMN personality_profiles.dimension_values IS 'dimension_value() of each of the 12 dimensions, in the order exploration_eagerness, community_orientation, authenticity_preference, social_discovery_style, temporal_flexibility, location_adventurousness, curation_tendency, trust_network_reliance, energy_preference, novelty_seeking, value_orientation, crowd_tolerance (kept by PostgreSQL from dimensions).';
