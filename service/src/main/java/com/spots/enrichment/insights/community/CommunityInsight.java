package com.spots.enrichment.insights.community;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.spots.enrichment.insights.InsightName;

/** The sections of a community-influence answer. */
public enum CommunityInsight implements InsightName {
    @JsonProperty("influence_patterns") INFLUENCE_PATTERNS("influence_patterns"),
    @JsonProperty("influence_network") INFLUENCE_NETWORK("influence_network"),
    @JsonProperty("ai2ai_insights") AI2AI_INSIGHTS("ai2ai_insights"),
    @JsonProperty("purchase_behavior") PURCHASE_BEHAVIOR("purchase_behavior"),
    @JsonProperty("marketing_implications") MARKETING_IMPLICATIONS("marketing_implications");

    private final String wireName;

    CommunityInsight(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
