package com.spots.enrichment.segments;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The {@code segments} section of config.yml: how long computed segment aggregates are reused, and how long an
 * instance trusts its memory of the tables: the definition it last stored for a segment_id, and its in-memory
 * copies of cached aggregates.
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

    /**
     * Seconds an instance serves its in-memory copy of a cached aggregate before checking that the table still holds
     * that answer (a migration that changes an aggregate function deletes the answers computed by the old one): a
     * dropped answer stops being served within this time. 0 = check on every request.
     */
    @Min(0)
    @Max(3600)
    private int localCopyRecheckSeconds = 5;

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

    @JsonProperty
    public int getLocalCopyRecheckSeconds() {
        return localCopyRecheckSeconds;
    }

    @JsonProperty
    public void setLocalCopyRecheckSeconds(int localCopyRecheckSeconds) {
        this.localCopyRecheckSeconds = localCopyRecheckSeconds;
    }
}
