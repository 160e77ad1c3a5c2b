--liquibase formatted sql

--changeset enrichment:source-ai2ai-connections-drop-covering-idx
-- Superseded by ai2ai_edges (change set source-ai2ai-edges): no query reads ai2ai_connections by agent any more,
-- while every connection written still added an entry to each of these two indexes. Without them an insert of
-- 100 000 connections (with its edges) takes about 0.6 of the time it took with them.
DROP INDEX IF EXISTS ai2ai_connections_agent1_cover_idx;
DROP INDEX IF EXISTS ai2ai_connections_agent2_cover_idx;
