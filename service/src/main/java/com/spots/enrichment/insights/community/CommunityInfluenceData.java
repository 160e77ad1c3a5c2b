package com.spots.enrichment.insights.community;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.spots.enrichment.insights.Estimate;
import com.spots.enrichment.insights.SegmentMetadata;
import java.util.List;

/** The {@code data} of a community-influence answer (SPEC §5); sections not asked for are absent. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommunityInfluenceData(CommunityInfluencePatterns communityInfluencePatterns,
                                     PurchaseBehavior purchaseBehavior, MarketingImplications marketingImplications,
                                     SegmentMetadata marketSegmentMetadata, List<String> unavailableInsights) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommunityInfluencePatterns(Estimate influenceScore, Long communitySize,
                                             InfluenceNetwork influenceNetwork,
                                             @JsonProperty("ai2ai_insights") Ai2aiInsights ai2aiInsights) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InfluenceNetwork(long directConnections, long indirectConnections, double communityReach,
                                   Double networkDensity) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ai2aiInsights(Estimate averageCompatibility, Estimate connectionFrequency, Estimate learningRate) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PurchaseBehavior(Estimate communityDrivenPurchases, Estimate trendSetterScore,
                                   Estimate viralPotential, Estimate socialSharingTendency) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MarketingImplications(String primaryChannel, List<ChannelWeight> channelWeights,
                                        Estimate categoryAffinity) {
    }

    public record ChannelWeight(String channel, double weight) {
    }
}
