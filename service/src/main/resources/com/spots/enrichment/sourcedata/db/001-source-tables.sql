--liquibase formatted sql

--changeset enrichment:source-personality-profiles
CREATE TABLE IF NOT EXISTS personality_profiles (
    agent_id             text PRIMARY KEY,
    dimensions           jsonb NOT NULL CHECK (jsonb_typeof(dimensions) = 'object'),
    archetype            text,
    authenticity_score   double precision CHECK (authenticity_score BETWEEN 0 AND 1),
    home_region          text,
    age                  integer CHECK (age BETWEEN 13 AND 120),
    interests            text[] NOT NULL DEFAULT '{}',
    category_preferences text[] NOT NULL DEFAULT '{}',
    data_sharing_opt_in  boolean NOT NULL DEFAULT false,
    updated_at           timestamptz NOT NULL DEFAULT now()
);
-- Segment matching reads only consenting agents: every index is partial on consent.
CREATE INDEX IF NOT EXISTS personality_profiles_region_age_idx
    ON personality_profiles (home_region, age) WHERE data_sharing_opt_in;
CREATE INDEX IF NOT EXISTS personality_profiles_interests_idx
    ON personality_profiles USING gin (interests) WHERE data_sharing_opt_in;
CREATE INDEX IF NOT EXISTS personality_profiles_categories_idx
    ON personality_profiles USING gin (category_preferences) WHERE data_sharing_opt_in;

--changeset enrichment:source-user-actions
CREATE TABLE IF NOT EXISTS user_actions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agent_id        text NOT NULL,
    action_type     text NOT NULL CHECK (action_type IN ('spot_visit', 'event_attendance', 'list_created',
                                                         'list_shared', 'recommendation_followed', 'review_posted')),
    spot_id         text,
    spot_category   text,
    start_time      timestamptz,
    end_time        timestamptz,
    is_return_visit boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (end_time IS NULL OR start_time IS NULL OR end_time >= start_time)
);
-- Per-agent scans within a time window, and whole-table time-window scans (BRIN: rows arrive in time order).
CREATE INDEX IF NOT EXISTS user_actions_agent_time_idx ON user_actions (agent_id, start_time);
CREATE INDEX IF NOT EXISTS user_actions_start_brin_idx ON user_actions USING brin (start_time);

--changeset enrichment:source-ai2ai-connections
CREATE TABLE IF NOT EXISTS ai2ai_connections (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agent_id_1          text NOT NULL,
    agent_id_2          text NOT NULL,
    compatibility_score double precision NOT NULL CHECK (compatibility_score BETWEEN 0 AND 1),
    created_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (agent_id_1 <> agent_id_2)
);
CREATE INDEX IF NOT EXISTS ai2ai_connections_agent1_idx ON ai2ai_connections (agent_id_1, created_at);
CREATE INDEX IF NOT EXISTS ai2ai_connections_agent2_idx ON ai2ai_connections (agent_id_2, created_at);
