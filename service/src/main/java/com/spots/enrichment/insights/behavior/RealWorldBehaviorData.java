package com.spots.enrichment.insights.behavior;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.spots.enrichment.insights.Estimate;
import com.spots.enrichment.insights.SegmentMetadata;
import java.util.List;

/** The {@code data} of a real-world-behavior answer (SPEC §5); sections not asked for are absent. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RealWorldBehaviorData(RealWorldBehavior realWorldBehavior, ProductImplications productImplications,
                                    SegmentMetadata marketSegmentMetadata, List<String> unavailableInsights) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RealWorldBehavior(Estimate averageDwellTime, Estimate returnVisitRate, Estimate explorationTendency,
                                    Estimate communityEngagement, JourneyPatterns journeyPatterns,
                                    TimeSpentAnalysis timeSpentAnalysis) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record JourneyPatterns(List<String> typicalPath, double frequency, double variability) {
    }

    /** Shares of visits: short under 30 minutes, medium 30 to under 120, long 120 and more. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TimeSpentAnalysis(double shortVisits, double mediumVisits, double longVisits) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProductImplications(Estimate prefersQualityOverPrice, Estimate valuesCommunityProducts,
                                      Estimate likelyToReturnPurchase, List<Factor> purchaseDecisionFactors,
                                      Estimate categoryAffinity) {
    }

    public record Factor(String factor, double weight) {
    }
}
