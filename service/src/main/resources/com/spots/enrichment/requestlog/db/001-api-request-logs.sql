--liquibase formatted sql

--changeset enrichment:api-request-logs-table
CREATE TABLE IF NOT EXISTS api_request_logs (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    api_key_id         uuid REFERENCES api_keys (id),
    partner_id         text,
    endpoint           text NOT NULL,
    method             text NOT NULL,
    status_code        integer NOT NULL,
    processing_time_ms integer NOT NULL CHECK (processing_time_ms >= 0),
    error_code         text,
    request_id         text NOT NULL,
    request_body       text,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS api_request_logs_key_time_idx ON api_request_logs (api_key_id, created_at);
CREATE INDEX IF NOT EXISTS api_request_logs_time_idx ON api_request_logs (created_at);
CREATE INDEX IF NOT EXISTS api_request_logs_request_id_idx ON api_request_logs (request_id);
COMMENT ON TABLE api_request_logs IS 'One row per authenticated request: who, what, outcome and latency. Never a key.';

--changeset enrichment:api-request-logs-rls splitStatements:false
ALTER TABLE api_request_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_request_logs FORCE ROW LEVEL SECURITY;
REVOKE ALL ON api_request_logs FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON api_request_logs TO enrichment_service;
DROP POLICY IF EXISTS api_request_logs_service_only ON api_request_logs;
CREATE POLICY api_request_logs_service_only ON api_request_logs FOR ALL TO enrichment_service USING (true) WITH CHECK (true);
