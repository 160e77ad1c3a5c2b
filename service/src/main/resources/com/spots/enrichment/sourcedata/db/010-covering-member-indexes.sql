--liquibase formatted sql

--changeset enrichment:source-user-actions-agent-recent-cover-idx
-- A member's most recent actions with every column the behaviour and purchase aggregates read, so the per-member
-- range is an index-only scan: one leaf page per member instead of a leaf page and the heap pages of its actions
-- (at 1 000 000 demo agents a city segment's actions then read 71 800 pages instead of 123 500 from outside
-- shared_buffers). Replaces user_actions_agent_recent_idx (same key).
CREATE INDEX IF NOT EXISTS user_actions_agent_recent_cover_idx ON user_actions (agent_id, start_time, id)
    INCLUDE (action_type, spot_id, spot_category, end_time, is_return_visit, created_at);
DROP INDEX IF EXISTS user_actions_agent_recent_idx;

--changeset enrichment:source-profiles-region-dimensions-cover-idx
-- Region and age segments with the members' dimensions (twelve numbers, a fixed size), so behaviour's implications
-- read them by an index-only scan instead of one heap page per member (50 900 pages at 1 000 000 demo agents for a
-- city segment). Replaces personality_profiles_region_age_cover_idx (same key, same predicate).
CREATE INDEX IF NOT EXISTS personality_profiles_region_age_dims_cover_idx ON personality_profiles (home_region, age)
    INCLUDE (agent_id, updated_at, dimension_values) WHERE data_sharing_opt_in;
DROP INDEX IF EXISTS personality_profiles_region_age_cover_idx;

--changeset enrichment:source-insert-only-tables-vacuum
-- An index-only scan skips the heap only for pages the visibility map marks all-visible, which (auto)vacuum does.
-- Actions and edges are mostly inserted, and by default an insert-only table is vacuumed after 20 % growth: weeks of
-- recent rows at a million agents, the very rows a 30-day window reads. Vacuum them after 1 % growth instead.
ALTER TABLE user_actions SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE ai2ai_edges SET (autovacuum_vacuum_insert_scale_factor = 0.01);
