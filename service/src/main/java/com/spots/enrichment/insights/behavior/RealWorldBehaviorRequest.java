package com.spots.enrichment.insights.behavior;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.spots.enrichment.segments.UserSegment;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** POST /v1/real-world-behavior. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RealWorldBehaviorRequest(
        @NotNull(message = "is required") @Valid UserSegment userSegment,
        @Valid ProductContext productContext,
        @Min(1) @Max(365) Integer timeWindowDays,
        @Size(max = 20) List<@NotNull BehaviorInsight> requestedInsights) {

    public static final int DEFAULT_TIME_WINDOW_DAYS = 30;
}
