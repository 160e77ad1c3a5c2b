package com.spots.enrichment.segments;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The {@code segments} section of config.yml: how long computed segment aggregates are reused, and how long an
 * instance trusts its memory of the definition it last stored for a segment_id.
 */
public class SegmentsFactory {

    /** Minutes a segment's aggregates are served from the cache; 0 turns the cache off (every request computes). */
    @Min(0)
    @Max(7 * 24 * 60)
    private int cacheTtlMinutes = 60;

    /**
     * Seconds an instance skips the stored-definition check for a definition it registered itself: another
     * instance's redefinition of the same segment_id is noticed (and replaced again) within this time. 0 = check
     * on every request.
     */
    @Min(0)
    @Max(3600)
    private int definitionRecheckSeconds = 5;

    @JsonProperty
    public int getCacheTtlMinutes() {
        return cacheTtlMinutes;
    }

    @JsonProperty
    public void setCacheTtlMinutes(int cacheTtlMinutes) {
        this.cacheTtlMinutes = cacheTtlMinutes;
    }

    @JsonProperty
    public int getDefinitionRecheckSeconds() {
        return definitionRecheckSeconds;
    }

    @JsonProperty
    public void setDefinitionRecheckSeconds(int definitionRecheckSeconds) {
        this.definitionRecheckSeconds = definitionRecheckSeconds;
    }
}
