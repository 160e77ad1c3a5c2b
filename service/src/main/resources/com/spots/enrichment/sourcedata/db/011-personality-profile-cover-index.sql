--liquibase formatted sql

--changeset enrichment:personality-profiles-region-age-profile-cover-idx
-- Every column aggregate_personality_profiles reads of a member, so that a segment's members are one index-only range
-- (a city is contiguous in (home_region, age)) instead of one table page per member: at 1 000 000 agents those pages
-- lie far outside shared_buffers (a city's 67 863 members: 52 039 pages read, 240 ms). Measured in psql on
-- san_francisco, the members' part took 62 ms instead of 289 at 1 000 000 agents, and 7.5 ms instead of 13.9 at
-- 100 000. The narrower personality_profiles_region_age_dims_cover_idx stays for the other functions, which read less.
CREATE INDEX IF NOT EXISTS personality_profiles_region_age_profile_cover_idx ON personality_profiles (home_region, age)
    INCLUDE (agent_id, updated_at, dimension_values, archetype, authenticity_score, interests, category_preferences)
    WHERE data_sharing_opt_in;
