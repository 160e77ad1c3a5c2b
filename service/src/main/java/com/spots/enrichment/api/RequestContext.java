package com.spots.enrichment.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.UUID;

/**
 * Per-request facts every response needs (request id, start time), kept as request attributes so that
 * filters, resources and exception mappers all read the same values.
 */
public record RequestContext(String requestId, long startNanos) {

    static final String ATTRIBUTE = RequestContext.class.getName();

    public static RequestContext start(ContainerRequestContext request) {
        RequestContext context = new RequestContext(UUID.randomUUID().toString(), System.nanoTime());
        request.setProperty(ATTRIBUTE, context);
        return context;
    }

    public static RequestContext of(ContainerRequestContext request) {
        Object value = request.getProperty(ATTRIBUTE);
        return value instanceof RequestContext context ? context : start(request);
    }

    public static RequestContext of(HttpServletRequest request) {
        Object value = request == null ? null : request.getAttribute(ATTRIBUTE);
        if (value instanceof RequestContext context) {
            return context;
        }
        RequestContext context = new RequestContext(UUID.randomUUID().toString(), System.nanoTime());
        if (request != null) {
            request.setAttribute(ATTRIBUTE, context);
        }
        return context;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }
}
