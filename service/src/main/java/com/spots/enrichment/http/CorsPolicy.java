package com.spots.enrichment.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which origins may read the API's answers in a browser, and the headers that say so: one policy for the answers
 * Jersey writes ({@link CorsFilter}) and those written before Jersey runs ({@link ConcurrencyLimitFilter}'s 503).
 */
public final class CorsPolicy {

    static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id";
    static final String EXPOSED_HEADERS = String.join(", ", List.of("X-Request-Id",
            "X-RateLimit-Limit-Minute", "X-RateLimit-Remaining-Minute", "X-RateLimit-Limit-Day",
            "X-RateLimit-Remaining-Day", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
            "Retry-After", "WWW-Authenticate"));

    private final List<String> allowedOrigins;
    private final long maxAgeSeconds;

    public CorsPolicy(List<String> allowedOrigins, long maxAgeSeconds) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.maxAgeSeconds = maxAgeSeconds;
    }

    /** The Access-Control-Allow-Origin value for a request from {@code origin}; null when it is not allowed. */
    String allowedOrigin(String origin) {
        if (origin == null || origin.isBlank()) {
            return null;
        }
        if (allowedOrigins.contains("*")) {
            return "*";
        }
        return allowedOrigins.contains(origin) ? origin : null;
    }

    /** The headers to add to an actual (not pre-flight) answer to a request from {@code origin}; none when not allowed. */
    Map<String, String> responseHeaders(String origin) {
        String allowed = allowedOrigin(origin);
        if (allowed == null) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", allowed);
        headers.put("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        headers.put("Vary", "Origin");
        return headers;
    }

    long maxAgeSeconds() {
        return maxAgeSeconds;
    }
}
