package com.spots.enrichment.insights.behavior;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.spots.enrichment.insights.InsightName;

/** The sections of a real-world-behavior answer, by the names the seed gave them. */
public enum BehaviorInsight implements InsightName {
    @JsonProperty("dwell_time_patterns") DWELL_TIME_PATTERNS("dwell_time_patterns"),
    @JsonProperty("return_visit_frequency") RETURN_VISIT_FREQUENCY("return_visit_frequency"),
    @JsonProperty("exploration_tendency") EXPLORATION_TENDENCY("exploration_tendency"),
    @JsonProperty("real_world_journey_mapping") REAL_WORLD_JOURNEY_MAPPING("real_world_journey_mapping"),
    @JsonProperty("community_engagement_levels") COMMUNITY_ENGAGEMENT_LEVELS("community_engagement_levels"),
    @JsonProperty("time_spent_analysis") TIME_SPENT_ANALYSIS("time_spent_analysis"),
    @JsonProperty("product_implications") PRODUCT_IMPLICATIONS("product_implications");

    private final String wireName;

    BehaviorInsight(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
