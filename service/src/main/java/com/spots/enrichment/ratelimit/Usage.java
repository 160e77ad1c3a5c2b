package com.spots.enrichment.ratelimit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * {@code GET /v1/usage}: the calling key's partner and, per window, its limit, the requests counted (this
 * one included), what remains, when the remaining count next grows and when the window is empty again.
 * Times are Redis time, ISO-8601 UTC. {@code rateLimiting} is {@code enforced}, {@code unavailable} (Redis
 * unreachable, failing open: only the limits are known) or {@code disabled} (limits only).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Usage(String partnerId, String rateLimiting, String asOf, Map<String, Window> windows) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Window(long windowSeconds, int limit, Long used, Long remaining, String nextReleaseAt,
                         Long nextReleaseInSeconds, String resetsAt, Long resetsInSeconds) {
    }
}
