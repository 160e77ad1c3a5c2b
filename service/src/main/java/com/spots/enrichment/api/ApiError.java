package com.spots.enrichment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The {@code error} member of the envelope. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String code, String message, Map<String, Object> details) {
}
