package com.spots.enrichment.insights.personality;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.spots.enrichment.insights.Estimate;
import com.spots.enrichment.insights.SegmentMetadata;
import java.util.List;
import java.util.Map;

/** The {@code data} of a quantum-personality answer (SPEC §5); sections not asked for are absent. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuantumPersonalityData(QuantumCompatibility quantumCompatibility, PersonalityProfile personalityProfile,
                                     ProductRecommendations productRecommendations,
                                     SegmentMetadata marketSegmentMetadata, List<String> unavailableInsights) {

    public record QuantumCompatibility(double score, String interpretation, double confidence, String formula) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PersonalityProfile(@JsonProperty("12_dimensions") Map<String, DimensionSummary> dimensions,
                                     String archetype, Estimate authenticityScore) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DimensionSummary(double value, String interpretation, Double stdDev, Percentiles percentiles) {
    }

    public record Percentiles(double p25, double p50, double p75) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProductRecommendations(List<RankedProduct> highCompatibility, Breakdown compatibilityBreakdown) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RankedProduct(String productId, double compatibilityScore, String reasoning) {
    }

    /** Each component is absent when the product does not specify what it needs. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Breakdown(Double styleMatch, Double priceMatch, Double featureMatch, Double personalityMatch) {
    }
}
