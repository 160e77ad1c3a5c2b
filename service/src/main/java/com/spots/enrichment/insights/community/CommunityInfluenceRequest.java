package com.spots.enrichment.insights.community;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.spots.enrichment.segments.UserSegment;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** POST /v1/community-influence. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CommunityInfluenceRequest(
        @NotNull(message = "is required") @Valid UserSegment userSegment,
        @Size(min = 1, max = 64) @Pattern(regexp = "\\S(.*\\S)?", message = "must not be blank or padded") String productCategory,
        @Min(1) @Max(365) Integer timeWindowDays,
        @Size(max = 20) List<@NotNull CommunityInsight> requestedInsights) {
}
