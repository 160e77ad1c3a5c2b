package com.spots.enrichment.segments;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What an aggregate_* function returned for a segment (its JSON, as an analyst sees it in psql), when it was
 * computed, and whether this request was served from the cache. The parts every answer's metadata repeats (sample
 * size, freshness, regions) are read out of the JSON once, when the aggregate is made, not on every request.
 */
public record CachedAggregate(JsonNode payload, Instant computedAt, boolean fromCache, long sampleSize,
                              Instant dataFreshness, List<String> regions) {

    /** A row of segment_aggregate_cache. */
    public record Row(String payload, Instant computedAt, Instant expiresAt) {
    }

    public static CachedAggregate of(JsonNode payload, Instant computedAt, boolean fromCache) {
        JsonNode freshness = payload.get("data_freshness");
        List<String> regions = new ArrayList<>();
        payload.path("regions").forEach(r -> regions.add(r.asText()));
        return new CachedAggregate(payload, computedAt, fromCache, payload.path("sample_size").asLong(0),
                freshness == null || freshness.isNull() ? null : OffsetDateTime.parse(freshness.asText()).toInstant(),
                List.copyOf(regions));
    }

    /** The same aggregate, as served to a request that waited for another one computing it. */
    public CachedAggregate shared() {
        return new CachedAggregate(payload, computedAt, true, sampleSize, dataFreshness, regions);
    }
}
