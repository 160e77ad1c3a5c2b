package com.spots.enrichment.insights;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.spots.enrichment.segments.CachedAggregate;
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
        return new SegmentMetadata(aggregate.sampleSize(),
                aggregate.dataFreshness() == null ? null : aggregate.dataFreshness().toString(),
                aggregate.regions(), AGGREGATION_VERSION + "@" + aggregate.computedAt());
    }
}
