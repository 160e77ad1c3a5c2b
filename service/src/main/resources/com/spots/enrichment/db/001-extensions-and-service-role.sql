--liquibase formatted sql

--changeset enrichment:extensions-pgcrypto
CREATE EXTENSION IF NOT EXISTS pgcrypto;

--changeset enrichment:service-role splitStatements:false
-- The API tables are readable and writable only by members of enrichment_service (row-level security).
-- The role that runs the migrations joins it, so the service works when it migrates and serves as one user;
-- with separate users, an operator grants enrichment_service to the serving login.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'enrichment_service') THEN
        CREATE ROLE enrichment_service NOLOGIN;
    END IF;
    IF NOT pg_has_role(current_user, 'enrichment_service', 'MEMBER') THEN
        EXECUTE format('GRANT enrichment_service TO %I', current_user);
    END IF;
END
$$;
