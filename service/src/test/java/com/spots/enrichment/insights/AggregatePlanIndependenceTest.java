package com.spots.enrichment.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.testing.TestDatabase;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An aggregate is the same to the last digit whichever way the planner reads the segment or groups its rows:
 * floating-point sums see their terms in one order. (Rows outside a segment change the plan, never the answer.) Member
 * ids are inserted in an order unlike their sort order, so a heap scan, an index scan and a bitmap scan meet the members
 * in different orders; without hash aggregation, per-member groupings come out sorted instead of in a hash table's order.
 */
class AggregatePlanIndependenceTest {

    private static final List<String> PLANS = List.of("",
            "SET LOCAL enable_bitmapscan = off",
            "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan = off;"
                    + " SET LOCAL enable_indexonlyscan = off",
            "SET LOCAL enable_hashagg = off");
    private static TestDatabase db;

    @BeforeAll
    static void rows() {
        db = TestDatabase.migrated();
        try (Handle h = db.jdbi().open()) {
            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, archetype, authenticity_score,"
                    + " home_region, age, data_sharing_opt_in)"
                    + " SELECT 'm' || lpad(((i * 7919) % 1000)::text, 4, '0'), jsonb_build_object("
                    + " 'exploration_eagerness', ((i * 37) % 1000) / 1000.0,"
                    + " 'energy_preference', ((i * 53) % 997) / 997.0,"
                    + " 'value_orientation', ((i * 71) % 991) / 991.0,"
                    + " 'authenticity_preference', ((i * 17) % 89) / 89.0),"
                    + " 'curator', ((i * 29) % 983) / 983.0, 'plano', 18 + (i * 13) % 50, true"
                    + " FROM generate_series(1, 80) i");
            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, home_region, age, data_sharing_opt_in)"
                    + " SELECT 'o' || i, '{}', 'elsewhere', 30, true FROM generate_series(1, 3000) i");
            h.execute("INSERT INTO user_actions (agent_id, action_type, spot_id, spot_category, start_time, end_time,"
                    + " is_return_visit)"
                    + " SELECT p.agent_id, (ARRAY['spot_visit', 'event_attendance', 'recommendation_followed',"
                    + " 'list_shared'])[1 + j % 4], 's' || (j * 31 + p.age) % 17,"
                    + " (ARRAY['cafe', 'bar', 'park'])[1 + j % 3],"
                    + " timestamptz '2026-11-20' - (j * 5 + p.age) * interval '37 minutes',"
                    + " timestamptz '2026-11-20' - (j * 5 + p.age) * interval '37 minutes'"
                    + " + ((j * p.age) % 200) * interval '1 minute',"
                    + " (j + p.age) % 3 = 0"
                    + " FROM personality_profiles p, generate_series(1, 12) j WHERE p.home_region = 'plano'");
            h.execute("INSERT INTO ai2ai_connections (agent_id_1, agent_id_2, compatibility_score, created_at)"
                    + " SELECT a.agent_id, b.agent_id, ((a.age * 31 + b.age * 7) % 101) / 101.0,"
                    + " timestamptz '2026-11-20' - ((a.age + b.age) % 20) * interval '1 day'"
                    + " FROM personality_profiles a, personality_profiles b WHERE a.home_region = 'plano'"
                    + " AND b.home_region = 'plano' AND a.agent_id < b.agent_id AND (a.age + b.age) % 5 = 0");
            h.execute("ANALYZE personality_profiles, user_actions, ai2ai_connections, ai2ai_edges");
        }
    }

    @Test
    void behaviourDoesNotDependOnThePlan() {
        assertSameUnderEveryPlan("aggregate_real_world_behavior('plano', p_as_of => '2026-11-21')");
    }

    @Test
    void personalityDoesNotDependOnThePlan() {
        assertSameUnderEveryPlan("aggregate_personality_profiles('plano')");
    }

    @Test
    void communityDoesNotDependOnThePlan() {
        assertSameUnderEveryPlan("aggregate_ai2ai_insights('plano', p_as_of => '2026-11-21')");
    }

    private static void assertSameUnderEveryPlan(String call) {
        List<String> answers = PLANS.stream().map(plan -> db.jdbi().inTransaction(h -> {
            if (!plan.isEmpty()) {
                h.execute(plan);
            }
            return h.createQuery("SELECT " + call + "::text").mapTo(String.class).one();
        })).toList();
        assertThat(answers.get(0)).contains("\"sample_size\": 80");
        assertThat(answers).as(call).containsOnly(answers.get(0));
    }
}
