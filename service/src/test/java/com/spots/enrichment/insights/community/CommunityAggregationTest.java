package com.spots.enrichment.insights.community;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.spots.enrichment.segments.SegmentDefinition;
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

/** Graph and purchase halves computed apart and merged give the JSON one call of the function gives. */
class CommunityAggregationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2);
    private static final SegmentDefinition HERE = new SegmentDefinition("here", null, null, List.of(), List.of());
    private static TestDatabase db;

    @BeforeAll
    static void rows() {
        db = TestDatabase.migrated();
        try (Handle h = db.jdbi().open()) {
            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, home_region, data_sharing_opt_in, updated_at)"
                    + " SELECT 'a' || i, '{}', CASE WHEN i % 3 = 0 THEN 'there' ELSE 'here' END, i % 7 <> 0,"
                    + " timestamptz '2026-11-01' + i * interval '1 hour' FROM generate_series(1, 60) i");
            h.execute("INSERT INTO ai2ai_connections (agent_id_1, agent_id_2, compatibility_score, created_at)"
                    + " SELECT 'a' || i, 'a' || (1 + (i * 7 + j) % 60), (i * j % 10) / 10.0,"
                    + " timestamptz '2026-11-29' - (i + j) * interval '5 hours'"
                    + " FROM generate_series(1, 60) i, generate_series(1, 4) j WHERE (i * 7 + j) % 60 + 1 <> i");
            h.execute("INSERT INTO user_actions (agent_id, action_type, spot_id, spot_category, start_time, end_time,"
                    + " created_at)"
                    + " SELECT 'a' || i, CASE WHEN j % 4 = 0 THEN 'recommendation_followed' ELSE 'spot_visit' END,"
                    + " 'spot-' || (i + j) % 9, 'cafe', timestamptz '2026-11-28' - (i * j) * interval '2 hours',"
                    + " timestamptz '2026-11-28' - (i * j) * interval '2 hours' + interval '30 minutes',"
                    + " timestamptz '2026-11-28' - (i + j) * interval '1 minute'"
                    + " FROM generate_series(1, 60) i, generate_series(1, 6) j");
        }
    }

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    @Test
    void twoHalvesMergedEqualOneCall() throws Exception {
        Jdbi jdbi = db.jdbi().installPlugin(new SqlObjectPlugin());
        CommunityAggregation aggregation = new CommunityAggregation(jdbi, EXECUTOR, JSON);
        for (List<String> sections : List.of(List.of("network", "ai2ai", "purchase"), List.of("network", "purchase"),
                List.of("ai2ai", "purchase"), List.of("purchase"), List.of("network", "ai2ai"))) {
            try (Handle h = jdbi.open()) {
                String split = aggregation.aggregate(h, HERE, 30, new LinkedHashSet<>(sections));
                assertThat(JSON.readTree(split)).as(sections.toString()).isEqualTo(JSON.readTree(single(h, sections)));
                assertThat(JSON.readTree(split).has("purchase")).isEqualTo(sections.contains("purchase"));
            }
        }
    }

    @Test
    void whenTheSecondCallCannotStartTheCallerComputesBothHalves() throws Exception {
        Jdbi jdbi = db.jdbi().installPlugin(new SqlObjectPlugin());
        CommunityAggregation noThreads = new CommunityAggregation(jdbi, task -> { }, JSON);
        List<String> sections = List.of("network", "purchase");
        try (Handle h = jdbi.open()) {
            String split = noThreads.aggregate(h, HERE, 30, Set.copyOf(sections));
            assertThat(JSON.readTree(split)).isEqualTo(JSON.readTree(single(h, sections)));
        }
    }

    private static String single(Handle h, List<String> sections) {
        return h.attach(CommunityAggregationDAO.class).aggregate("here", null, null, new String[0], new String[0], 30,
                sections.toArray(String[]::new));
    }
}
