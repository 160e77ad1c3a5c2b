package com.spots.enrichment.privacy;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;

/** The {@code privacy} section of config.yml. */
public class PrivacyFactory {

    /** Segments with fewer consenting agents than this get INSUFFICIENT_DATA (SPEC §7). */
    @Min(1)
    private int minimumSegmentSize = 50;

    @JsonProperty
    public int getMinimumSegmentSize() {
        return minimumSegmentSize;
    }

    @JsonProperty
    public void setMinimumSegmentSize(int minimumSegmentSize) {
        this.minimumSegmentSize = minimumSegmentSize;
    }

    public PrivacyThreshold build() {
        return new PrivacyThreshold(minimumSegmentSize);
    }
}
