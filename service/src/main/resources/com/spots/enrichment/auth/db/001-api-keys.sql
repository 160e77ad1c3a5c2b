--liquibase formatted sql

--changeset enrichment:api-keys-table
CREATE TABLE IF NOT EXISTS api_keys (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    partner_id            text NOT NULL CHECK (partner_id ~ '^[a-z0-9-]{1,40}$'),
    name                  text CHECK (length(name) <= 200),
    key_hash              char(64) NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    key_prefix            text NOT NULL,
    rate_limit_per_minute integer NOT NULL DEFAULT 100 CHECK (rate_limit_per_minute > 0),
    rate_limit_per_day    integer NOT NULL DEFAULT 10000 CHECK (rate_limit_per_day > 0),
    is_active             boolean NOT NULL DEFAULT true,
    created_at            timestamptz NOT NULL DEFAULT now(),
    expires_at            timestamptz,
    revoked_at            timestamptz,
    last_used_at          timestamptz,
    replaced_by           uuid REFERENCES api_keys (id),
    CHECK (is_active OR revoked_at IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS api_keys_partner_idx ON api_keys (partner_id, created_at);
COMMENT ON TABLE api_keys IS 'Partner API keys. Only the SHA-256 hex digest of a key is stored; the plaintext is shown once, at creation.';
COMMENT ON COLUMN api_keys.key_prefix IS 'The non-secret start of the key (prefix, partner, first 8 hex characters), to recognise a key in lists.';
COMMENT ON COLUMN api_keys.replaced_by IS 'Set by rotation: the replacement key. expires_at then marks the end of the grace period.';

--changeset enrichment:api-keys-rls splitStatements:false
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
REVOKE ALL ON api_keys FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON api_keys TO enrichment_service;
DROP POLICY IF EXISTS api_keys_service_only ON api_keys;
CREATE POLICY api_keys_service_only ON api_keys FOR ALL TO enrichment_service USING (true) WITH CHECK (true);

--changeset enrichment:api-keys-helpers splitStatements:false runOnChange:true
-- generate_api_key: creates a key in the seed's format and returns its plaintext (the only time it exists).
CREATE OR REPLACE FUNCTION generate_api_key(
    p_partner_id text,
    p_rate_limit_per_minute integer DEFAULT 100,
    p_rate_limit_per_day integer DEFAULT 10000,
    p_expires_at timestamptz DEFAULT NULL
) RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = public, pg_temp
AS $fn$
DECLARE
    v_key text;
BEGIN
    IF p_partner_id IS NULL OR p_partner_id !~ '^[a-z0-9-]{1,40}$' THEN
        RAISE EXCEPTION 'partner id must match [a-z0-9-]{1,40}' USING ERRCODE = '22023';
    END IF;
    v_key := 'spots_poc_' || p_partner_id || '_' || encode(gen_random_bytes(16), 'hex');
    INSERT INTO api_keys (partner_id, key_hash, key_prefix, rate_limit_per_minute, rate_limit_per_day, expires_at)
    VALUES (p_partner_id, encode(digest(v_key, 'sha256'), 'hex'), left(v_key, length(v_key) - 24),
            p_rate_limit_per_minute, p_rate_limit_per_day, p_expires_at);
    RETURN v_key;
END
$fn$;

-- validate_api_key: the active key with this SHA-256 hex digest, with is_valid false once it has expired.
-- Unknown and revoked keys return no row.
CREATE OR REPLACE FUNCTION validate_api_key(p_key_hash text)
RETURNS TABLE (
    api_key_id uuid,
    partner_id text,
    rate_limit_per_minute integer,
    rate_limit_per_day integer,
    expires_at timestamptz,
    is_valid boolean
)
LANGUAGE sql
STABLE
SET search_path = public, pg_temp
AS $fn$
    SELECT k.id, k.partner_id, k.rate_limit_per_minute, k.rate_limit_per_day, k.expires_at,
           (k.expires_at IS NULL OR k.expires_at > now())
    FROM api_keys k
    WHERE k.key_hash = lower(p_key_hash) AND k.is_active
$fn$;
