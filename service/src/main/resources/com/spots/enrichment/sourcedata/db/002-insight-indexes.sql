--liquibase formatted sql

--changeset enrichment:source-user-actions-spot-idx
-- Trend-setting compares a segment's first visit of a spot with every consenting visitor's: by spot, in time.
CREATE INDEX IF NOT EXISTS user_actions_spot_time_idx ON user_actions (spot_id, start_time)
    WHERE spot_id IS NOT NULL AND action_type IN ('spot_visit', 'event_attendance');

--changeset enrichment:source-profiles-consent-idx
-- The consenting population (denominator of community reach) by an index-only scan.
CREATE INDEX IF NOT EXISTS personality_profiles_consenting_idx ON personality_profiles (agent_id) WHERE data_sharing_opt_in;
