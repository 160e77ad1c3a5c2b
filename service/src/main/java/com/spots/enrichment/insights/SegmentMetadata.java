package com.spots.enrichment.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.spots.enrichment.segments.CachedAggregate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code market_segment_metadata}: consenting agents matched, the newest source row behind the answer, the regions
 * the members live in (most members first), and which aggregation produced the numbers and when.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SegmentMetadata(long sampleSize, String dataFreshness, List<String> geographicCoverage,
                              String dataVersion) {

    /** Version of the aggregate_* functions' formulas; bump with any change to them or to docs/insights.md. */
    public static final String AGGREGATION_VERSION = "aggregates-v1";

    public static SegmentMetadata of(CachedAggregate aggregate) {
        JsonNode payload = aggregate.payload();
        JsonNode freshness = payload.get("data_freshness");
        List<String> regions = new ArrayList<>();
        payload.path("regions").forEach(r -> regions.add(r.asText()));
        return new SegmentMetadata(aggregate.sampleSize(),
                freshness == null || freshness.isNull() ? null
                        : OffsetDateTime.parse(freshness.asText()).toInstant().toString(),
                regions, AGGREGATION_VERSION + "@" + aggregate.computedAt());
    }
}
