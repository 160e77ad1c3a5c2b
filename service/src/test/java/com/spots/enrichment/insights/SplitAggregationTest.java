package com.spots.enrichment.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.spots.enrichment.insights.behavior.BehaviorAggregationDAO;
import com.spots.enrichment.insights.community.CommunityAggregationDAO;
import com.spots.enrichment.testing.TestDatabase;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Halves of an aggregate computed apart (two connections) and merged give the JSON one call of the function gives. */
class SplitAggregationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2);
    private static final Set<String> PURCHASE = Set.of("purchase");
    private static final Set<String> JOURNEY = Set.of("journey");
    private static TestDatabase db;

    @BeforeAll
    static void rows() {
        db = TestDatabase.migrated();
        try (Handle h = db.jdbi().open()) {
            // times relative to now(): the functions' window ends now
            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, home_region, data_sharing_opt_in, updated_at)"
                    + " SELECT 'a' || i, jsonb_build_object('authenticity_preference', (i % 10) / 10.0,"
                    + " 'value_orientation', (i % 7) / 7.0, 'novelty_seeking', (i % 4) / 4.0),"
                    + " CASE WHEN i % 3 = 0 THEN 'there' ELSE 'here' END, i % 7 <> 0,"
                    + " now() - interval '40 days' + i * interval '1 hour' FROM generate_series(1, 60) i");
            h.execute("INSERT INTO ai2ai_connections (agent_id_1, agent_id_2, compatibility_score, created_at)"
                    + " SELECT 'a' || i, 'a' || (1 + (i * 7 + j) % 60), (i * j % 10) / 10.0,"
                    + " now() - interval '1 day' - (i + j) * interval '5 hours'"
                    + " FROM generate_series(1, 60) i, generate_series(1, 4) j WHERE (i * 7 + j) % 60 + 1 <> i");
            h.execute("INSERT INTO user_actions (agent_id, action_type, spot_id, spot_category, start_time, end_time,"
                    + " is_return_visit, created_at)"
                    + " SELECT 'a' || i, CASE WHEN j % 4 = 0 THEN 'recommendation_followed' ELSE 'spot_visit' END,"
                    + " 'spot-' || (i + j) % 9, (ARRAY['cafe', 'bar', 'park', 'museum'])[1 + (i * j) % 4],"
                    + " now() - interval '2 days' - (i * j) * interval '2 hours',"
                    + " now() - interval '2 days' - (i * j) * interval '2 hours' + (i % 5) * interval '25 minutes',"
                    + " j % 3 = 0, now() - interval '2 days' - (i + j) * interval '1 minute'"
                    + " FROM generate_series(1, 60) i, generate_series(1, 6) j");
        }
    }

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    @Test
    void communityGraphAndPurchaseHalvesMergedEqualOneCall() throws Exception {
        assertHalvesMergedEqualOneCall(PURCHASE, SplitAggregationTest::community, List.of(
                List.of("network", "ai2ai", "purchase"), List.of("network", "purchase"), List.of("ai2ai", "purchase"),
                List.of("purchase"), List.of("network", "ai2ai")));
    }

    @Test
    void behaviourJourneyAndOtherHalvesMergedEqualOneCall() throws Exception {
        assertHalvesMergedEqualOneCall(JOURNEY, SplitAggregationTest::behaviour, List.of(
                List.of("visits", "journey", "implications"), List.of("visits", "journey"),
                List.of("implications", "journey"), List.of("journey"), List.of("visits", "implications")));
        try (Handle h = jdbi().open()) {
            assertThat(JSON.readTree(behaviour(h, List.of("journey"))).at("/journey/distinct_paths").asInt())
                    .as("the data has day paths").isPositive();
        }
    }

    @Test
    void whenTheSecondCallCannotStartTheCallerComputesBothHalves() throws Exception {
        SplitAggregation noThreads = new SplitAggregation(jdbi(), task -> { }, JSON);
        List<String> sections = List.of("network", "purchase");
        try (Handle h = jdbi().open()) {
            String merged = noThreads.aggregate(h, Set.copyOf(sections), PURCHASE, SplitAggregationTest::community);
            assertThat(JSON.readTree(merged)).isEqualTo(JSON.readTree(community(h, sections)));
        }
    }

    private static void assertHalvesMergedEqualOneCall(Set<String> aside, SplitAggregation.SectionsCall call,
                                                       List<List<String>> sectionSets) throws Exception {
        SplitAggregation split = new SplitAggregation(jdbi(), EXECUTOR, JSON);
        for (List<String> sections : sectionSets) {
            try (Handle h = jdbi().open()) {
                String merged = split.aggregate(h, new LinkedHashSet<>(sections), aside, call);
                String single = call.aggregate(h, sections);
                assertThat(JSON.readTree(merged)).as(sections.toString()).isEqualTo(JSON.readTree(single));
                for (String section : aside) {
                    assertThat(JSON.readTree(merged).has(section)).as(sections.toString())
                            .isEqualTo(sections.contains(section));
                }
            }
        }
    }

    private static Jdbi jdbi() {
        return db.jdbi().installPlugin(new SqlObjectPlugin());
    }

    private static String community(Handle h, List<String> sections) {
        return h.attach(CommunityAggregationDAO.class).aggregate("here", null, null, new String[0], new String[0], 30,
                sections.toArray(String[]::new));
    }

    private static String behaviour(Handle h, List<String> sections) {
        return h.attach(BehaviorAggregationDAO.class).aggregate("here", null, null, new String[0], new String[0], 30,
                sections.toArray(String[]::new));
    }
}
