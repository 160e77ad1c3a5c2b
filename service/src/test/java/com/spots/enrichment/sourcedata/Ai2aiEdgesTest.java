package com.spots.enrichment.sourcedata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.spots.enrichment.testing.TestDatabase;
import java.io.StringReader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * ai2ai_edges (both ends of every connection, with the far end's consent) follows ai2ai_connections and
 * personality_profiles through every kind of write.
 */
class Ai2aiEdgesTest {

    /** The connections from both ends, each with whether its far end has a consenting profile. */
    private static final String EXPECTED = "SELECT e.*, coalesce(p.data_sharing_opt_in, false) AS other_consents FROM"
            + " (SELECT id, agent_id_1 AS agent_id, agent_id_2 AS other, compatibility_score, created_at FROM ai2ai_connections"
            + "  UNION ALL SELECT id, agent_id_2, agent_id_1, compatibility_score, created_at FROM ai2ai_connections) e"
            + " LEFT JOIN personality_profiles p ON p.agent_id = e.other";
    private static final String ACTUAL =
            "SELECT connection_id, agent_id, other, compatibility_score, created_at, other_consents FROM ai2ai_edges";
    /** Rows in one and not the other, both ways: 0 when the side table is exactly what it derives from. */
    private static final String MISMATCHES = "SELECT count(*) FROM ((" + ACTUAL + " EXCEPT ALL " + EXPECTED + ")"
            + " UNION ALL (" + EXPECTED + " EXCEPT ALL " + ACTUAL + ")) d";

    private static final String CONNECT_A_B =
            "INSERT INTO ai2ai_connections (agent_id_1, agent_id_2, compatibility_score) VALUES ('a', 'b', 0.5)";
    private static final String INSERT_B =
            "INSERT INTO personality_profiles (agent_id, dimensions, data_sharing_opt_in) VALUES ('b', '{}', true)";

    @Test
    void theSideTableFollowsInsertsCopiesUpdatesDeletesAndTruncates() throws Exception {
        TestDatabase db = TestDatabase.migrated();
        try (Handle h = db.jdbi().open()) {
            h.execute("INSERT INTO ai2ai_connections (agent_id_1, agent_id_2, compatibility_score, created_at) VALUES"
                    + " ('a', 'b', 0.5, '2026-01-01'), ('a', 'c', 0.25, '2026-01-02'), ('b', 'c', 0.75, '2026-01-03')");
            assertConsistent(h, 6);

            h.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY ai2ai_connections (agent_id_1, agent_id_2, compatibility_score, created_at) FROM STDIN",
                    new StringReader("c\td\t0.1\t2026-01-04 00:00:00+00\nd\ta\t0.2\t2026-01-05 00:00:00+00\n"));
            assertConsistent(h, 10);

            h.execute("UPDATE ai2ai_connections SET compatibility_score = 0.9, agent_id_2 = 'e' WHERE agent_id_1 = 'a'");
            h.execute("UPDATE ai2ai_connections SET created_at = created_at + interval '1 day' WHERE agent_id_2 = 'c'");
            assertConsistent(h, 10);

            h.execute("DELETE FROM ai2ai_connections WHERE agent_id_1 = 'c' OR agent_id_2 = 'e'");
            assertConsistent(h, 4);

            h.useTransaction(t -> {
                t.execute("INSERT INTO ai2ai_connections (agent_id_1, agent_id_2, compatibility_score) VALUES ('x', 'y', 1)");
                t.rollback();
            });
            assertConsistent(h, 4);

            h.execute("TRUNCATE ai2ai_connections");
            assertConsistent(h, 0);
        }
    }

    @Test
    void theFarEndsConsentFollowsProfileInsertsCopiesUpdatesDeletesAndTruncates() throws Exception {
        TestDatabase db = TestDatabase.migrated();
        try (Handle h = db.jdbi().open()) {
            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, data_sharing_opt_in) VALUES"
                    + " ('a', '{}', true), ('b', '{}', false)");
            // connections to agents without a profile yet ('c', 'd')
            h.execute("INSERT INTO ai2ai_connections (agent_id_1, agent_id_2, compatibility_score) VALUES"
                    + " ('a', 'b', 0.5), ('a', 'c', 0.5), ('c', 'd', 0.5), ('d', 'a', 0.5)");
            assertConsistent(h, 8);
            assertThat(consentingEnds(h)).isEqualTo(3); // b-a, c-a, d-a

            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, data_sharing_opt_in) VALUES ('c', '{}', true)");
            h.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY personality_profiles (agent_id, dimensions, data_sharing_opt_in) FROM STDIN",
                    new StringReader("d\t{}\tt\n"));
            assertConsistent(h, 8);
            assertThat(consentingEnds(h)).isEqualTo(7);

            h.execute("UPDATE personality_profiles SET data_sharing_opt_in = NOT data_sharing_opt_in WHERE agent_id IN ('a', 'b')");
            h.execute("UPDATE personality_profiles SET updated_at = now()");
            assertConsistent(h, 8);
            assertThat(consentingEnds(h)).isEqualTo(5);

            h.execute("UPDATE personality_profiles SET agent_id = 'e' WHERE agent_id = 'c'");
            assertConsistent(h, 8);
            h.execute("DELETE FROM personality_profiles WHERE agent_id = 'd'");
            assertConsistent(h, 8);
            assertThat(consentingEnds(h)).isEqualTo(1);

            h.useTransaction(t -> {
                t.execute("UPDATE personality_profiles SET data_sharing_opt_in = true");
                t.rollback();
            });
            assertConsistent(h, 8);

            h.execute("TRUNCATE personality_profiles");
            assertConsistent(h, 8);
            assertThat(consentingEnds(h)).isZero();

            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, data_sharing_opt_in) VALUES ('a', '{}', true)");
            h.execute("TRUNCATE personality_profiles, ai2ai_connections");
            assertConsistent(h, 0);
        }
    }

    @Test
    void aConsentWithdrawnWhileAConnectionIsBeingWrittenReachesItsEdges() throws Exception {
        assertThat(race("('a', true), ('b', true)",
                CONNECT_A_B, "UPDATE personality_profiles SET data_sharing_opt_in = false WHERE agent_id = 'b'"))
                .isEqualTo(1); // b-a
    }

    @Test
    void aConnectionWrittenWhileAConsentIsBeingWithdrawnReadsTheWithdrawal() throws Exception {
        assertThat(race("('a', true), ('b', true)",
                "UPDATE personality_profiles SET data_sharing_opt_in = false WHERE agent_id = 'b'", CONNECT_A_B))
                .isEqualTo(1); // b-a
    }

    @Test
    void aProfileInsertedWhileAConnectionToItIsBeingWrittenReachesItsEdges() throws Exception {
        assertThat(race("('a', true)", CONNECT_A_B, INSERT_B)).isEqualTo(2);
    }

    @Test
    void aConnectionWrittenWhileItsFarEndsProfileIsBeingInsertedReadsTheNewConsent() throws Exception {
        assertThat(race("('a', true)", INSERT_B, CONNECT_A_B)).isEqualTo(2);
    }

    /**
     * Two transactions writing at once: after the given profiles, {@code first} runs in a transaction left open,
     * then {@code second} on another connection; the first commits once the second has finished or waits for a lock.
     * Returns the number of edges whose far end consents, once both have committed (the edges checked consistent).
     */
    private static long race(String profiles, String first, String second) throws Exception {
        TestDatabase db = TestDatabase.migrated();
        try (Handle one = db.jdbi().open(); Handle two = db.jdbi().open()) {
            one.execute("INSERT INTO personality_profiles (agent_id, data_sharing_opt_in, dimensions) SELECT v.*, '{}'"
                    + " FROM (VALUES " + profiles + ") v");
            one.begin();
            one.execute(first);
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> two.execute(second));
            awaitBlockedOrDone(db, other);
            one.commit();
            other.get(10, TimeUnit.SECONDS);
            assertConsistent(one, 2);
            return consentingEnds(one);
        }
    }

    /** Returns once the statement has finished or waits for a lock, so the other transaction ends after either. */
    private static void awaitBlockedOrDone(TestDatabase db, CompletableFuture<Void> statement) throws Exception {
        try (Handle observer = db.jdbi().open()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!statement.isDone() && System.nanoTime() < deadline && observer.createQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                    .mapTo(Long.class).one() == 0) {
                Thread.sleep(10);
            }
        }
    }

    @Test
    void theCommunityAggregateCountsOnlyConnectionsToConsentingAgents() throws Exception {
        TestDatabase db = TestDatabase.migrated();
        try (Handle h = db.jdbi().open()) {
            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, home_region, data_sharing_opt_in) VALUES"
                    + " ('m1', '{}', 'here', true), ('m2', '{}', 'here', true), ('n1', '{}', 'there', true),"
                    + " ('q1', '{}', 'here', false), ('q2', '{}', 'there', false), ('t1', '{}', 'there', true)");
            h.execute("INSERT INTO ai2ai_connections (agent_id_1, agent_id_2, compatibility_score, created_at) VALUES"
                    + " ('m1', 'm2', 0.5, '2026-11-01'), ('m1', 'q1', 0.9, '2026-11-02'), ('q2', 'm2', 0.9, '2026-11-03'),"
                    + " ('m2', 'n1', 0.25, '2026-11-04'), ('n1', 't1', 0.5, '2026-11-05'), ('n1', 'q2', 0.5, '2026-11-06')");
            JsonNode before = aggregate(h);
            // members m1, m2; their connections to consenting agents: m1-m2 (both ends), m2-n1
            assertThat(before.at("/ai2ai/connections").asLong()).isEqualTo(3);
            assertThat(before.at("/network/direct_connections").asLong()).isEqualTo(1);
            assertThat(before.at("/network/indirect_connections").asLong()).isEqualTo(1);
            assertThat(before.at("/network/population").asLong()).isEqualTo(4);

            // withdrawn consent of a direct connection removes it and what is reached through it
            h.execute("UPDATE personality_profiles SET data_sharing_opt_in = false WHERE agent_id = 'n1'");
            JsonNode after = aggregate(h);
            assertThat(after.at("/ai2ai/connections").asLong()).isEqualTo(2);
            assertThat(after.at("/network/direct_connections").asLong()).isZero();
            assertThat(after.at("/network/indirect_connections").asLong()).isZero();
        }
    }

    private static JsonNode aggregate(Handle h) throws Exception {
        return new ObjectMapper().readTree(h.createQuery("SELECT aggregate_ai2ai_insights('here', p_as_of => '2026-11-30',"
                + " p_sections => ARRAY['network', 'ai2ai'])::text").mapTo(String.class).one());
    }

    private static long consentingEnds(Handle h) {
        return h.createQuery("SELECT count(*) FROM ai2ai_edges WHERE other_consents").mapTo(Long.class).one();
    }

    private static void assertConsistent(Handle h, int rows) {
        assertThat(h.createQuery(MISMATCHES).mapTo(Long.class).one()).isZero();
        assertThat(h.createQuery("SELECT count(*) FROM ai2ai_edges").mapTo(Long.class).one()).isEqualTo(rows);
    }
}
