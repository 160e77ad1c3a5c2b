package com.spots.enrichment.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * CORS: answers every OPTIONS pre-flight itself (before authentication, as browsers send no credentials
 * on pre-flight) and adds the allow-origin and expose headers to actual responses.
 */
@PreMatching
@Priority(10)
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id";
    static final String EXPOSED_HEADERS = String.join(", ", List.of("X-Request-Id",
            "X-RateLimit-Limit-Minute", "X-RateLimit-Remaining-Minute", "X-RateLimit-Limit-Day",
            "X-RateLimit-Remaining-Day", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
            "Retry-After", "WWW-Authenticate"));

    private final List<String> allowedOrigins;
    private final long maxAgeSeconds;

    public CorsFilter(List<String> allowedOrigins, long maxAgeSeconds) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.maxAgeSeconds = maxAgeSeconds;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
            return;
        }
        Response.ResponseBuilder preflight = Response.noContent()
                .header("Allow", ALLOWED_METHODS)
                .header("Vary", "Origin");
        String origin = allowedOrigin(request.getHeaderString("Origin"));
        if (origin != null) {
            preflight.header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Methods", ALLOWED_METHODS)
                    .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .header("Access-Control-Expose-Headers", EXPOSED_HEADERS)
                    .header("Access-Control-Max-Age", maxAgeSeconds);
        }
        request.abortWith(preflight.build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (HttpMethod.OPTIONS.equals(request.getMethod())) {
            return;
        }
        String origin = allowedOrigin(request.getHeaderString("Origin"));
        if (origin != null) {
            response.getHeaders().putSingle("Access-Control-Allow-Origin", origin);
            response.getHeaders().putSingle("Access-Control-Expose-Headers", EXPOSED_HEADERS);
            response.getHeaders().add("Vary", "Origin");
        }
    }

    private String allowedOrigin(String origin) {
        if (origin == null || origin.isBlank()) {
            return null;
        }
        if (allowedOrigins.contains("*")) {
            return "*";
        }
        return allowedOrigins.contains(origin) ? origin : null;
    }
}
