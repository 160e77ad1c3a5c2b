package com.spots.enrichment.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.auth.ApiKeyFormat;
import com.spots.enrichment.testing.Commands;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/** `db migrate` builds the whole schema from nothing, and is a no-op the second time. */
class MigrationsTest {

    private static final List<String> API_TABLES = List.of("api_keys", "api_request_logs", "market_segments");
    private static final List<String> SOURCE_TABLES = List.of("personality_profiles", "user_actions", "ai2ai_connections");

    @Test
    void migrateOnAnEmptyDatabaseCreatesEveryTableFunctionAndPolicy() {
        TestDatabase db = TestDatabase.empty();

        Commands.run(db, "db", "migrate").orFail();

        try (Handle h = db.jdbi().open()) {
            List<String> tables = h.createQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'").mapTo(String.class).list();
            assertThat(tables).containsAll(API_TABLES).containsAll(SOURCE_TABLES);
            List<String> functions = h.createQuery("SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace")
                    .mapTo(String.class).list();
            assertThat(functions).contains("generate_api_key", "validate_api_key");
            for (String table : API_TABLES) {
                Map<String, Object> rls = h.createQuery("SELECT relrowsecurity, relforcerowsecurity FROM pg_class"
                        + " WHERE oid = CAST(:t AS regclass)").bind("t", table).mapToMap().one();
                assertThat(rls).as(table).containsEntry("relrowsecurity", true).containsEntry("relforcerowsecurity", true);
            }
            assertThat(h.createQuery("SELECT pg_has_role(current_user, 'enrichment_service', 'MEMBER')")
                    .mapTo(Boolean.class).one()).isTrue();
            assertThat(h.createQuery("SELECT count(*) FROM pg_indexes WHERE tablename = 'personality_profiles'"
                    + " AND indexdef LIKE '%USING gin%'").mapTo(Integer.class).one()).isEqualTo(2);
        }
    }

    @Test
    void aSecondMigrateChangesNothing() {
        TestDatabase db = TestDatabase.empty();
        Commands.run(db, "db", "migrate").orFail();
        String before = fingerprint(db);

        Commands.Result second = Commands.run(db, "db", "migrate").orFail();

        assertThat(fingerprint(db)).isEqualTo(before);
        assertThat(second.stdout() + second.stderr()).doesNotContain("Running Changeset");
    }

    @Test
    void aRoleWithoutTheServiceRoleSeesNoRowsInTheApiTables() {
        TestDatabase db = TestDatabase.migrated();
        TestKeys.create(db);
        String probe = "rls_probe_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Handle h = db.jdbi().open()) {
            h.execute("INSERT INTO market_segments (partner_id, segment_id, definition, definition_hash)"
                    + " VALUES ('p', 's', '{}', repeat('0', 64))");
            h.execute("INSERT INTO api_request_logs (endpoint, method, status_code, processing_time_ms, request_id)"
                    + " VALUES ('/v1/usage', 'GET', 200, 1, 'r')");
            h.execute("CREATE ROLE " + probe + " NOLOGIN");
            try {
                h.execute("GRANT SELECT, INSERT ON " + String.join(", ", API_TABLES) + " TO " + probe);
                h.execute("GRANT " + probe + " TO current_user");
                for (String table : API_TABLES) {
                    assertThat(count(h, table)).as("service role sees %s", table).isEqualTo(1);
                }
                h.execute("SET ROLE " + probe);
                for (String table : API_TABLES) {
                    assertThat(count(h, table)).as("probe role sees %s", table).isZero();
                }
                h.execute("RESET ROLE");
            } finally {
                h.execute("RESET ROLE");
                h.execute("DROP OWNED BY " + probe);
                h.execute("DROP ROLE " + probe);
            }
        }
    }

    @Test
    void theSqlHelpersAndTheKeysCommandHashKeysIdentically() {
        TestDatabase db = TestDatabase.migrated();
        TestKeys.IssuedKey javaKey = TestKeys.create(db);
        try (Handle h = db.jdbi().open()) {
            String sqlKey = h.createQuery("SELECT generate_api_key('sql-partner', 7, 70, NULL)").mapTo(String.class).one();
            assertThat(ApiKeyFormat.isWellFormed(sqlKey)).isTrue();
            assertThat(sqlKey).startsWith("spots_poc_sql-partner_");

            String storedForSql = h.createQuery("SELECT key_hash FROM api_keys WHERE partner_id = 'sql-partner'")
                    .mapTo(String.class).one();
            assertThat(storedForSql).isEqualTo(ApiKeyFormat.sha256Hex(sqlKey));

            String pgDigestOfJavaKey = h.createQuery("SELECT encode(digest(:k, 'sha256'), 'hex')")
                    .bind("k", javaKey.plaintext()).mapTo(String.class).one();
            assertThat(pgDigestOfJavaKey).isEqualTo(ApiKeyFormat.sha256Hex(javaKey.plaintext()));

            Map<String, Object> validated = h.createQuery("SELECT * FROM validate_api_key(:h)")
                    .bind("h", ApiKeyFormat.sha256Hex(javaKey.plaintext())).mapToMap().one();
            assertThat(validated).containsEntry("partner_id", javaKey.partner()).containsEntry("is_valid", true)
                    .containsEntry("rate_limit_per_minute", 100).containsEntry("rate_limit_per_day", 10000);
            Map<String, Object> sqlValidated = h.createQuery("SELECT * FROM validate_api_key(:h)")
                    .bind("h", ApiKeyFormat.sha256Hex(sqlKey)).mapToMap().one();
            assertThat(sqlValidated).containsEntry("rate_limit_per_minute", 7).containsEntry("rate_limit_per_day", 70);
            assertThat(h.createQuery("SELECT count(*) FROM validate_api_key(repeat('a', 64))").mapTo(Integer.class).one())
                    .isZero();
        }
    }

    @Test
    void aChangedAggregateFunctionDropsTheAnswersCachedFromItAndNoOthers() {
        TestDatabase db = TestDatabase.empty();
        Commands.run(db, "db", "migrate").orFail();
        cacheOneAnswerPerEndpoint(db);

        changeStoredChecksum(db, "insights-aggregate-ai2ai-insights");
        Commands.run(db, "db", "migrate").orFail();

        assertThat(cachedEndpoints(db)).containsExactly("quantum-personality", "real-world-behavior");
    }

    @Test
    void aChangedSegmentMatcherDropsEveryCachedAnswer() {
        TestDatabase db = TestDatabase.empty();
        Commands.run(db, "db", "migrate").orFail();
        cacheOneAnswerPerEndpoint(db);

        changeStoredChecksum(db, "segment-matching-function");
        Commands.run(db, "db", "migrate").orFail();

        assertThat(cachedEndpoints(db)).isEmpty();
    }

    private static void cacheOneAnswerPerEndpoint(TestDatabase db) {
        try (Handle h = db.jdbi().open()) {
            for (String endpoint : List.of("real-world-behavior", "quantum-personality", "community-influence")) {
                h.execute("INSERT INTO segment_aggregate_cache (partner_id, definition_hash, endpoint, window_days,"
                        + " sections, payload, expires_at) VALUES ('p', repeat('0', 64), ?, 30, 's', '{}',"
                        + " now() + interval '1 hour')", endpoint);
            }
        }
    }

    /** What Liquibase sees when a runOnChange change set's text has changed since it was applied. */
    private static void changeStoredChecksum(TestDatabase db, String changeSetId) {
        try (Handle h = db.jdbi().open()) {
            assertThat(h.execute("UPDATE databasechangelog SET md5sum = '9:00000000000000000000000000000000'"
                    + " WHERE id = ?", changeSetId)).isEqualTo(1);
        }
    }

    private static List<String> cachedEndpoints(TestDatabase db) {
        try (Handle h = db.jdbi().open()) {
            return h.createQuery("SELECT endpoint FROM segment_aggregate_cache ORDER BY 1").mapTo(String.class).list();
        }
    }

    private static int count(Handle h, String table) {
        return h.createQuery("SELECT count(*) FROM " + table).mapTo(Integer.class).one();
    }

    /** Everything `db migrate` may create, in a stable order: equal fingerprints mean equal schemas. */
    static String fingerprint(TestDatabase db) {
        try (Handle h = db.jdbi().open()) {
            return String.join("\n", h.createQuery("""
                    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                           || ' ' || coalesce(column_default, '') AS item
                    FROM information_schema.columns WHERE table_schema = 'public'
                    UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
                    UNION ALL SELECT 'function ' || p.proname || ' ' || md5(p.prosrc) FROM pg_proc p
                              WHERE p.pronamespace = 'public'::regnamespace
                    UNION ALL SELECT 'policy ' || tablename || ' ' || policyname || ' ' || array_to_string(roles, ',')
                              FROM pg_policies WHERE schemaname = 'public'
                    UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid)
                              FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                    UNION ALL SELECT 'changeset ' || id || ' ' || md5sum FROM databasechangelog
                    ORDER BY 1""").mapTo(String.class).list());
        }
    }
}
