--liquibase formatted sql

--changeset enrichment:source-user-actions-spot-visitors-cover-idx
-- Trend-setting reads every consenting visitor of the segment's spots in the window: with the visitor in the index
-- it is an index-only scan instead of one heap page per visit. Replaces user_actions_spot_time_idx (same key, same
-- predicate).
CREATE INDEX IF NOT EXISTS user_actions_spot_visitors_idx ON user_actions (spot_id, start_time) INCLUDE (agent_id)
    WHERE spot_id IS NOT NULL AND action_type IN ('spot_visit', 'event_attendance');
DROP INDEX IF EXISTS user_actions_spot_time_idx;
