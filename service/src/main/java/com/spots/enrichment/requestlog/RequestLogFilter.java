package com.spots.enrichment.requestlog;

import com.spots.enrichment.api.ApiResponse;
import com.spots.enrichment.api.RequestContext;
import com.spots.enrichment.auth.ApiKeyPrincipal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * The "log" step of the pipeline: once the response of an authenticated request is final (2xx, 4xx, 429 alike),
 * records its metrics and hands a {@link RequestLogEntry} to the {@link RequestLogWriter} without waiting.
 * Runs after authentication on the way in (to keep a bounded copy of the body when bodies are stored) and just
 * before the request-id filter on the way out.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 1)
public class RequestLogFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final int MAX_ENDPOINT_LENGTH = 256;
    private static final String BODY_PROPERTY = RequestLogFilter.class.getName() + ".body";

    private final RequestLogWriter writer;
    private final RequestMetrics metrics;
    private final boolean storeBodies;
    private final int maxBodyBytes;
    private final Clock clock;

    public RequestLogFilter(RequestLogWriter writer, RequestMetrics metrics, boolean storeBodies, int maxBodyBytes,
                            Clock clock) {
        this.writer = writer;
        this.metrics = metrics;
        this.storeBodies = storeBodies;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!storeBodies || principal(request) == null || !request.hasEntity()) {
            return;
        }
        // Keep the first maxBodyBytes for the log and hand the whole stream on untouched.
        InputStream in = request.getEntityStream();
        byte[] head = in.readNBytes(maxBodyBytes);
        request.setProperty(BODY_PROPERTY, decode(head));
        request.setEntityStream(new SequenceInputStream(new ByteArrayInputStream(head), in));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        ApiKeyPrincipal caller = principal(request);
        if (caller == null) {
            return;
        }
        RequestContext context = RequestContext.of(request);
        long elapsedNanos = Math.max(0, System.nanoTime() - context.startNanos());
        int status = response.getStatus();
        ApiResponse<?> envelope = response.getEntity() instanceof ApiResponse<?> r ? r : null;
        String errorCode = envelope != null && envelope.error() != null ? envelope.error().code() : null;
        // The log states the processing time the partner was told, when the envelope carries one.
        long processingMillis = envelope != null && envelope.metadata() != null
                ? envelope.metadata().processingTimeMs() : elapsedNanos / 1_000_000L;
        metrics.record(metricEndpoint(request), caller.partnerId(), status, errorCode, elapsedNanos);
        Object body = request.getProperty(BODY_PROPERTY);
        writer.offer(new RequestLogEntry(caller.keyId(), caller.partnerId(), requestedPath(request),
                request.getMethod(), status, (int) Math.min(Integer.MAX_VALUE, processingMillis),
                errorCode, context.requestId(), body instanceof String s ? s : null, clock.instant()));
    }

    private static ApiKeyPrincipal principal(ContainerRequestContext request) {
        return request.getSecurityContext() != null
                && request.getSecurityContext().getUserPrincipal() instanceof ApiKeyPrincipal p ? p : null;
    }

    private static String requestedPath(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        path = path.startsWith("/") ? path : "/" + path;
        return path.length() <= MAX_ENDPOINT_LENGTH ? path : path.substring(0, MAX_ENDPOINT_LENGTH);
    }

    /** The matched route's template (a bounded set), or {@code unmatched}. */
    private static String metricEndpoint(ContainerRequestContext request) {
        if (!(request.getUriInfo() instanceof ExtendedUriInfo info) || info.getMatchedResourceMethod() == null) {
            return RequestMetrics.UNMATCHED;
        }
        List<UriTemplate> templates = info.getMatchedTemplates();
        StringBuilder path = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            String t = templates.get(i).getTemplate();
            if (t.isEmpty() || t.equals("/")) {
                continue;
            }
            path.append(t.startsWith("/") ? "" : "/").append(t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
        }
        // Dots separate the segments of a metric name, so they cannot appear inside a label value.
        return path.length() == 0 ? "/" : path.toString().replace('.', '_');
    }

    // A body cut at maxBodyBytes may end inside a UTF-8 sequence; the decoder replaces that tail.
    private static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
