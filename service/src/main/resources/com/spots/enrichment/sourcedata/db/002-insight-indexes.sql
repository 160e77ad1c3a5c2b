--liquibase formatted sql

--changeset enrichment:source-user-actions-spot-idx
-- Trend-setting compares a segment's first visit of a spot with every consenting visitor's: by spot, in time.
CREATE INDEX IF NOT EXISTS user_actions_spot_time_idx ON user_actions (spot_id, start_time)
    WHERE spot_id IS NOT NULL AND action_type IN ('spot_visit', 'event_attendance');

--changeset enrichment:source-profiles-consent-idx
-- The consenting population (denominator of community reach) by an index-only scan.
CREATE INDEX IF NOT EXISTS personality_profiles_consenting_idx ON personality_profiles (agent_id) WHERE data_sharing_opt_in;

--changeset enrichment:source-ai2ai-connections-covering-idx
-- A segment's connections, both directions, by index-only scans (no heap visit per connection).
CREATE INDEX IF NOT EXISTS ai2ai_connections_agent1_cover_idx
    ON ai2ai_connections (agent_id_1) INCLUDE (agent_id_2, compatibility_score, created_at, id);
CREATE INDEX IF NOT EXISTS ai2ai_connections_agent2_cover_idx
    ON ai2ai_connections (agent_id_2) INCLUDE (agent_id_1, compatibility_score, created_at, id);
