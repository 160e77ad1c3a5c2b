package com.spots.enrichment.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.spots.enrichment.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * Trend-setting compares a member's first visits with every consenting visitor of the same spots, but the spots that
 * count for a member are those among its counted (most recent) actions: the per-agent contribution bound.
 */
class TrendSettingBoundTest {

    @Test
    void aMemberAtTheActionsBoundIsComparedOnlyOnTheSpotsOfItsCountedActions() throws Exception {
        TestDatabase db = TestDatabase.migrated();
        try (Handle h = db.jdbi().open()) {
            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, home_region, data_sharing_opt_in) VALUES"
                    + " ('m1', '{}', 'here', true), ('m2', '{}', 'here', true), ('v1', '{}', 'there', true)");
            h.execute("INSERT INTO user_actions (agent_id, action_type, spot_id, spot_category, start_time) VALUES"
                    + " ('m1', 'spot_visit', 's1', 'cafe', '2026-11-10'), ('m1', 'spot_visit', 's2', 'cafe', '2026-11-12'),"
                    + " ('m1', 'spot_visit', 's3', 'cafe', '2026-11-14'), ('m2', 'spot_visit', 's1', 'cafe', '2026-11-11'),"
                    + " ('v1', 'spot_visit', 's1', 'cafe', '2026-11-15'), ('v1', 'spot_visit', 's2', 'cafe', '2026-11-13'),"
                    + " ('v1', 'spot_visit', 's3', 'cafe', '2026-11-13')");

            // every action counted. m1: s1 (before m2 and v1: 2 of 2 later), s2 (v1 later: 1 of 1), s3 (v1 earlier:
            // 0 of 1) -> 2/3; m2: s1 (m1 earlier, v1 later: 1 of 2) -> 1/2
            JsonNode all = purchase(h, 200);
            assertThat(all.at("/trend_agents").asLong()).isEqualTo(2);
            assertThat(all.at("/earliness_mean").asDouble()).isCloseTo((2.0 / 3 + 0.5) / 2, within(1e-12));

            // m1's two most recent actions count (s2, s3): its s1 visit still makes it a visitor of s1 for m2
            JsonNode bounded = purchase(h, 2);
            assertThat(bounded.at("/trend_agents").asLong()).isEqualTo(2);
            assertThat(bounded.at("/earliness_mean").asDouble()).isCloseTo((0.5 + 0.5) / 2, within(1e-12));
        }
    }

    private static JsonNode purchase(Handle h, int maxActionsPerAgent) throws Exception {
        return new ObjectMapper().readTree(h.createQuery("SELECT (aggregate_ai2ai_insights('here',"
                        + " p_as_of => '2026-11-30', p_sections => ARRAY['purchase'],"
                        + " p_max_actions_per_agent => :bound) -> 'purchase')::text")
                .bind("bound", maxActionsPerAgent).mapTo(String.class).one());
    }
}
