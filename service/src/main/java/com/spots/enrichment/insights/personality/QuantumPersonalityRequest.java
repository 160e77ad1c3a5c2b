package com.spots.enrichment.insights.personality;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.spots.enrichment.segments.UserSegment;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** POST /v1/quantum-personality. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QuantumPersonalityRequest(
        @NotNull(message = "is required") @Valid UserSegment userSegment,
        @NotNull(message = "is required") @Valid ProductQuantumState productQuantumState,
        @Size(max = 100) List<@NotNull @Valid CandidateProduct> candidateProducts,
        @Size(max = 20) List<@NotNull PersonalityInsight> requestedInsights) {
}
