package com.spots.enrichment.insights;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A product's price positioning. */
public enum PriceTier {
    @JsonProperty("budget") BUDGET,
    @JsonProperty("mid") MID,
    @JsonProperty("premium") PREMIUM,
    @JsonProperty("luxury") LUXURY
}
