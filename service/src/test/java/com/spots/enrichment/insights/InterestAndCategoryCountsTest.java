package com.spots.enrichment.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.spots.enrichment.testing.TestDatabase;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/** interest_agents and category_agents count members, not array elements: an element a member lists twice counts once. */
class InterestAndCategoryCountsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMemberListingAnElementTwiceIsCountedOnce() throws Exception {
        TestDatabase db = TestDatabase.migrated();
        try (Handle h = db.jdbi().open()) {
            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, home_region, interests, category_preferences,"
                    + " data_sharing_opt_in) VALUES"
                    + " ('a1', '{}', 'here', '{art,art,food}', '{cafe,cafe}', true),"
                    + " ('a2', '{}', 'here', '{art}', '{}', true),"
                    + " ('a3', '{}', 'here', '{food,food}', '{bar,cafe,bar}', true),"
                    + " ('a4', '{}', 'elsewhere', '{art}', '{bar}', true)");
            JsonNode profile = JSON.readTree(h.createQuery("SELECT aggregate_personality_profiles('here')::text")
                    .mapTo(String.class).one()).path("profile");

            assertThat(JSON.convertValue(profile.path("interest_agents"), Map.class))
                    .isEqualTo(Map.of("art", 2, "food", 2));
            assertThat(JSON.convertValue(profile.path("category_agents"), Map.class))
                    .isEqualTo(Map.of("cafe", 2, "bar", 1));
        }
    }
}
