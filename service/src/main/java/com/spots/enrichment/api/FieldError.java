package com.spots.enrichment.api;

/** One offending field of an INVALID_REQUEST: its JSON path (e.g. {@code user_segment.age_range[1]}) and why. */
public record FieldError(String field, String message) {
}
