package com.spots.enrichment.segments;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What an aggregate_* function returned for a segment (its JSON, as an analyst sees it in psql), when it was
 * computed, and whether this request was served from the cache.
 */
public record CachedAggregate(JsonNode payload, Instant computedAt, boolean fromCache) {

    /** A row of segment_aggregate_cache. */
    public record Row(String payload, Instant computedAt, Instant expiresAt) {
    }

    public long sampleSize() {
        return payload.path("sample_size").asLong(0);
    }
}
