package com.spots.enrichment.insights.personality;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.spots.enrichment.insights.InsightName;

/** The sections of a quantum-personality answer. {@code knot_compatibility} is known but never computable. */
public enum PersonalityInsight implements InsightName {
    @JsonProperty("quantum_compatibility") QUANTUM_COMPATIBILITY("quantum_compatibility"),
    @JsonProperty("personality_profile") PERSONALITY_PROFILE("personality_profile"),
    @JsonProperty("dimension_breakdown") DIMENSION_BREAKDOWN("dimension_breakdown"),
    @JsonProperty("product_recommendations") PRODUCT_RECOMMENDATIONS("product_recommendations"),
    @JsonProperty("knot_compatibility") KNOT_COMPATIBILITY("knot_compatibility");

    private final String wireName;

    PersonalityInsight(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
