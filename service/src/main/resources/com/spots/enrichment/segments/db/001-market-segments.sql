--liquibase formatted sql

--changeset enrichment:market-segments-table
CREATE TABLE IF NOT EXISTS market_segments (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    partner_id      text NOT NULL CHECK (partner_id ~ '^[a-z0-9-]{1,40}$'),
    segment_id      text NOT NULL CHECK (segment_id ~ '^[A-Za-z0-9_.-]{1,128}$'),
    definition      jsonb NOT NULL,
    definition_hash char(64) NOT NULL,
    sample_size     integer CHECK (sample_size >= 0),
    data_freshness  timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz,
    UNIQUE (partner_id, segment_id)
);
CREATE INDEX IF NOT EXISTS market_segments_expiry_idx ON market_segments (expires_at);
COMMENT ON TABLE market_segments IS 'Segments as partners defined them, per partner: a segment_id of one partner never reads or changes another''s.';

--changeset enrichment:market-segments-rls splitStatements:false
ALTER TABLE market_segments ENABLE ROW LEVEL SECURITY;
ALTER TABLE market_segments FORCE ROW LEVEL SECURITY;
REVOKE ALL ON market_segments FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON market_segments TO enrichment_service;
DROP POLICY IF EXISTS market_segments_service_only ON market_segments;
CREATE POLICY market_segments_service_only ON market_segments FOR ALL TO enrichment_service USING (true) WITH CHECK (true);
