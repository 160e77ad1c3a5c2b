package com.spots.enrichment.sourcedata;

import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.testing.SourceRows;
import com.spots.enrichment.testing.TestDatabase;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * personality_profiles.dimension_values, the column the aggregates read, holds dimension_value() of each of the 12
 * dimensions in dimension_names() order, for whatever the app writes into dimensions, and follows every update.
 */
class ProfileDimensionValuesTest {

    private static final String AGREEMENT = "SELECT count(*) FROM personality_profiles p, generate_series(1, 12) i"
            + " WHERE p.dimension_values[i] IS DISTINCT FROM dimension_value(p.dimensions, (dimension_names())[i])";

    @Test
    void theColumnHoldsTheDimensionsInSpecOrder() {
        TestDatabase db = TestDatabase.migrated();
        try (Handle h = db.jdbi().open()) {
            assertThat(h.createQuery("SELECT dimension_names()").mapTo(String[].class).one())
                    .containsExactlyElementsOf(SourceRows.DIMENSIONS);
            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, data_sharing_opt_in) VALUES"
                    + " ('a', '{\"exploration_eagerness\": 0.1, \"crowd_tolerance\": 0.9, \"novelty_seeking\": 0.25}', true)");
            List<Double> values = h.createQuery("SELECT unnest(dimension_values) FROM personality_profiles")
                    .mapTo(Double.class).list();
            assertThat(values).hasSize(12);
            assertThat(values.get(0)).isEqualTo(0.1);
            assertThat(values.get(9)).isEqualTo(0.25);
            assertThat(values.get(11)).isEqualTo(0.9);
            assertThat(values.subList(1, 9)).containsOnlyNulls();
        }
    }

    @Test
    void everyKindOfValueTheAppMayWriteGivesWhatDimensionValueReads() {
        TestDatabase db = TestDatabase.migrated();
        try (Handle h = db.jdbi().open()) {
            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, data_sharing_opt_in) VALUES"
                    + " ('in-range', '{\"exploration_eagerness\": 0.123456789012345678, \"community_orientation\": 1}', true),"
                    + " ('out-of-range', '{\"exploration_eagerness\": -0.5, \"community_orientation\": 7}', true),"
                    + " ('extreme', '{\"exploration_eagerness\": 1e400, \"community_orientation\": -1e-400}', true),"
                    + " ('not-numbers', '{\"exploration_eagerness\": \"0.5\", \"community_orientation\": null,"
                    + " \"authenticity_preference\": true, \"energy_preference\": [0.5]}', true),"
                    + " ('empty', '{}', false)");
            assertThat(h.createQuery(AGREEMENT).mapTo(Long.class).one()).isZero();
            assertThat(h.createQuery("SELECT ARRAY[dimension_values[1], dimension_values[2]] FROM personality_profiles WHERE agent_id = 'extreme'")
                    .mapTo(Double[].class).one()).containsExactly(1.0, 0.0);
            assertThat(h.createQuery("SELECT ARRAY[dimension_values[1], dimension_values[2]] FROM personality_profiles WHERE agent_id = 'out-of-range'")
                    .mapTo(Double[].class).one()).containsExactly(0.0, 1.0);
        }
    }

    @Test
    void anUpdateOfTheDimensionsUpdatesTheColumn() {
        TestDatabase db = TestDatabase.migrated();
        try (Handle h = db.jdbi().open()) {
            h.execute("INSERT INTO personality_profiles (agent_id, dimensions, data_sharing_opt_in) VALUES"
                    + " ('a', '{\"value_orientation\": 0.2}', true)");
            h.execute("UPDATE personality_profiles SET dimensions = '{\"value_orientation\": 0.8}' WHERE agent_id = 'a'");
            assertThat(h.createQuery("SELECT dimension_values[11] FROM personality_profiles").mapTo(Double.class).one())
                    .isEqualTo(0.8);
            assertThat(h.createQuery(AGREEMENT).mapTo(Long.class).one()).isZero();
        }
    }
}
