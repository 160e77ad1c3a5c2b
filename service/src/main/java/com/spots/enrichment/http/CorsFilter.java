package com.spots.enrichment.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;

/**
 * CORS: answers every OPTIONS pre-flight itself (before authentication, as browsers send no credentials
 * on pre-flight) and adds the allow-origin and expose headers to actual responses.
 */
@PreMatching
@Priority(10)
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private final CorsPolicy policy;

    public CorsFilter(CorsPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
            return;
        }
        Response.ResponseBuilder preflight = Response.noContent()
                .header("Allow", CorsPolicy.ALLOWED_METHODS)
                .header("Vary", "Origin");
        String origin = policy.allowedOrigin(request.getHeaderString("Origin"));
        if (origin != null) {
            preflight.header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Methods", CorsPolicy.ALLOWED_METHODS)
                    .header("Access-Control-Allow-Headers", CorsPolicy.ALLOWED_HEADERS)
                    .header("Access-Control-Expose-Headers", CorsPolicy.EXPOSED_HEADERS)
                    .header("Access-Control-Max-Age", policy.maxAgeSeconds());
        }
        request.abortWith(preflight.build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (HttpMethod.OPTIONS.equals(request.getMethod())) {
            return;
        }
        policy.responseHeaders(request.getHeaderString("Origin")).forEach(response.getHeaders()::add);
    }
}
