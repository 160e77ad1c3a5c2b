package com.spots.enrichment.segments;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The {@code segments} section of config.yml: how long computed segment aggregates are reused. */
public class SegmentsFactory {

    /** Minutes a segment's aggregates are served from the cache; 0 turns the cache off (every request computes). */
    @Min(0)
    @Max(7 * 24 * 60)
    private int cacheTtlMinutes = 60;

    @JsonProperty
    public int getCacheTtlMinutes() {
        return cacheTtlMinutes;
    }

    @JsonProperty
    public void setCacheTtlMinutes(int cacheTtlMinutes) {
        this.cacheTtlMinutes = cacheTtlMinutes;
    }
}
