package com.spots.enrichment.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Per-request facts every response needs (request id, start time), kept as request attributes so that
 * filters, resources and exception mappers all read the same values.
 */
public record RequestContext(String requestId, long startNanos) {

    static final String ATTRIBUTE = RequestContext.class.getName();

    public static RequestContext start(ContainerRequestContext request) {
        RequestContext context = new RequestContext(newRequestId(), System.nanoTime());
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
        RequestContext context = new RequestContext(newRequestId(), System.nanoTime());
        if (request != null) {
            request.setAttribute(ATTRIBUTE, context);
        }
        return context;
    }

    /**
     * A random (version 4) UUID. A request id is a correlation handle, not a secret: drawn from ThreadLocalRandom,
     * because UUID.randomUUID() serialises every request on the one SecureRandom lock.
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }
}
