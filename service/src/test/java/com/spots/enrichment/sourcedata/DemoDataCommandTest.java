package com.spots.enrichment.sourcedata;

import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.testing.Commands;
import com.spots.enrichment.testing.TestDatabase;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/** The demo-data command through the real command line, into real databases. */
class DemoDataCommandTest {

    private static final String[] LOAD = {"demo-data", "--agents", "400", "--seed", "7", "--as-of", "2026-01-01T00:00:00Z"};

    private static String fingerprint(TestDatabase db) {
        try (Handle h = db.jdbi().open()) {
            return h.createQuery("SELECT md5((SELECT string_agg(p::text, '|' ORDER BY agent_id) FROM personality_profiles p)"
                    + " || (SELECT string_agg(a::text, '|' ORDER BY id) FROM user_actions a)"
                    + " || (SELECT string_agg(c::text, '|' ORDER BY id) FROM ai2ai_connections c))")
                    .mapTo(String.class).one();
        }
    }

    private static long count(TestDatabase db, String sql) {
        try (Handle h = db.jdbi().open()) {
            return h.createQuery(sql).mapTo(Long.class).one();
        }
    }

    @Test
    void theSameSeedGivesTheSameRows() {
        TestDatabase one = TestDatabase.migrated();
        TestDatabase two = TestDatabase.migrated();
        Commands.run(one, LOAD).orFail();
        Commands.run(two, LOAD).orFail();
        assertThat(fingerprint(one)).isEqualTo(fingerprint(two));
    }

    private static List<String> indexes(TestDatabase db) {
        try (Handle h = db.jdbi().open()) {
            return h.createQuery("SELECT i.indexrelid::regclass || ' ' || pg_get_indexdef(i.indexrelid)"
                    + " || CASE WHEN i.indisvalid AND i.indisready THEN '' ELSE ' (not usable)' END"
                    + " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                    + " WHERE t.relnamespace = current_schema()::regnamespace ORDER BY 1")
                    .mapTo(String.class).list();
        }
    }

    @Test
    void aLoadLeavesEveryIndexAsTheMigrationsDefinedIt() {
        TestDatabase db = TestDatabase.migrated();
        List<String> migrated = indexes(db);

        Commands.run(db, LOAD).orFail();
        Commands.run(db, "demo-data", "--agents", "60", "--replace").orFail();

        assertThat(migrated).anyMatch(index -> index.startsWith("user_actions_agent_recent_cover_idx "));
        assertThat(indexes(db)).isEqualTo(migrated);
    }

    @Test
    void itRefusesToMixIntoNonEmptySourceTablesUnlessToldToReplace() {
        TestDatabase db = TestDatabase.migrated();
        Commands.run(db, LOAD).orFail();
        String before = fingerprint(db);

        Commands.Result refused = Commands.run(db, LOAD);
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.stderr()).contains("--replace");
        assertThat(fingerprint(db)).isEqualTo(before);

        assertThat(Commands.run(db, "demo-data", "--agents", "50", "--if-empty").orFail().stdout()).contains("nothing to do");
        assertThat(count(db, "SELECT count(*) FROM personality_profiles")).isEqualTo(400);

        Commands.run(db, "demo-data", "--agents", "50", "--replace").orFail();
        assertThat(count(db, "SELECT count(*) FROM personality_profiles")).isEqualTo(50);
    }

    @Test
    void thePopulationLooksLikeTheApp() {
        TestDatabase db = TestDatabase.migrated();
        Commands.run(db, "demo-data", "--agents", "2000", "--seed", "3").orFail();
        double consent = count(db, "SELECT count(*) FILTER (WHERE data_sharing_opt_in) * 1000 / count(*) FROM personality_profiles") / 1000.0;
        assertThat(consent).isBetween(0.80, 0.90);
        double actionsPerAgent = count(db, "SELECT count(*) FROM user_actions") / 2000.0;
        assertThat(actionsPerAgent).isBetween(18.0, 22.0);
        double connectionsPerAgent = count(db, "SELECT count(*) FROM ai2ai_connections") / 2000.0;
        assertThat(connectionsPerAgent).isBetween(4.5, 5.5);
        for (String city : List.of("san_francisco", "new_york", "los_angeles", "chicago", "austin", "seattle")) {
            assertThat(count(db, "SELECT count(*) FROM personality_profiles WHERE home_region = '" + city + "'"))
                    .as(city).isPositive();
        }
        assertThat(count(db, "SELECT count(*) FROM user_actions WHERE is_return_visit")).isPositive();
        assertThat(count(db, "SELECT count(*) FROM user_actions WHERE end_time > start_time + interval '8 hours'")).isZero();
        assertThat(count(db, "SELECT count(DISTINCT archetype) FROM personality_profiles")).isEqualTo(6);
    }
}
