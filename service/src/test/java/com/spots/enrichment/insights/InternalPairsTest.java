package com.spots.enrichment.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.spots.enrichment.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * internal_pairs (network density's numerator) counts each pair of members once, whichever end's connections hold it:
 * also when two members are connected more than once, when a pair is among one end's most recent connections counted
 * but not among the other's, and when a member is at that bound and holds all its pairs itself.
 */
class InternalPairsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Members a, b, c, d; connections a-b, a-c, a-d, b-c, oldest first, and a second a-b when asked. */
    private static long internalPairs(int maxConnectionsPerAgent, boolean secondConnectionAB) throws Exception {
        TestDatabase db = TestDatabase.migrated();
        try (Handle h = db.jdbi().open()) {
            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, home_region, data_sharing_opt_in) VALUES"
                    + " ('a', '{}', 'here', true), ('b', '{}', 'here', true), ('c', '{}', 'here', true),"
                    + " ('d', '{}', 'here', true), ('x', '{}', 'elsewhere', true)");
            h.execute("INSERT INTO ai2ai_connections (agent_id_1, agent_id_2, compatibility_score, created_at) VALUES"
                    + " ('a', 'b', 0.5, now() - interval '9 days'), ('c', 'a', 0.5, now() - interval '8 days'),"
                    + " ('a', 'd', 0.5, now() - interval '7 days'), ('b', 'c', 0.5, now() - interval '6 days'),"
                    + " ('d', 'x', 0.5, now() - interval '5 days')");
            if (secondConnectionAB) {
                h.execute("INSERT INTO ai2ai_connections (agent_id_1, agent_id_2, compatibility_score, created_at)"
                        + " VALUES ('b', 'a', 0.7, now() - interval '1 day')");
            }
            String network = h.createQuery("SELECT (aggregate_ai2ai_insights('here', p_sections => ARRAY['network'],"
                            + " p_max_connections_per_agent => :max) -> 'network')::text")
                    .bind("max", maxConnectionsPerAgent).mapTo(String.class).one();
            return JSON.readTree(network).path("internal_pairs").asLong();
        }
    }

    @Test
    void everyPairOfConnectedMembersCountsOnce() throws Exception {
        assertThat(internalPairs(50, false)).isEqualTo(4);
    }

    @Test
    void twoMembersConnectedTwiceAreOnePair() throws Exception {
        assertThat(internalPairs(50, true)).isEqualTo(4);
    }

    @Test
    void aPairAmongOnlyOneEndsMostRecentConnectionsCounts() throws Exception {
        // two most recent each: a has a-d and a-c (not a-b); b has b-c and a-b, so a-b is seen from b's end only
        assertThat(internalPairs(2, false)).isEqualTo(4);
    }

    @Test
    void aMemberAtTheBoundWhosePairsAreAllAmongItsOwnConnectionsHasEachCountedOnce() throws Exception {
        // three most recent each: a is at the bound with all of a-b, a-c and a-d, which b, c and d also hold
        assertThat(internalPairs(3, false)).isEqualTo(4);
    }
}
