package com.spots.enrichment.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The envelope around every body under /v1: {@code data} on success, {@code error} on failure. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(boolean success, T data, ApiError error, ResponseMetadata metadata) {
}
