package com.spots.enrichment.requestlog;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code api_request_logs}, built when the response is ready and written later. */
public record RequestLogEntry(UUID apiKeyId, String partnerId, String endpoint, String method, int statusCode,
                              int processingTimeMs, String errorCode, String requestId, String requestBody,
                              Instant createdAt) {
}
