package com.spots.enrichment.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The {@code metadata} member of the envelope. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResponseMetadata(String requestId, long processingTimeMs, String apiVersion, String timestamp) {
}
