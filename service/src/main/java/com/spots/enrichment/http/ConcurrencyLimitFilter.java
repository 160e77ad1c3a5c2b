package com.spots.enrichment.http;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.spots.enrichment.api.Envelopes;
import com.spots.enrichment.api.ErrorCode;
import com.spots.enrichment.api.RequestContext;
import com.spots.enrichment.concurrent.ConcurrencyLimit;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Admission on the application port, before anything else runs: a request takes one of the {@link ConcurrencyLimit}'s
 * slots, waiting in line for it, and gives it back when its answer is written. When the line is full, or the wait
 * passes {@code maxQueueWait}, the answer is 503 SERVICE_UNAVAILABLE with Retry-After, before authentication (so it
 * uses no quota), with the CORS headers a browser needs to read it. The request's clock starts on arrival: its wait
 * counts in {@code processing_time_ms}. The exempt paths (health checks) and CORS pre-flights pass straight through: a
 * pre-flight is answered from memory, and a browser refused one reports a CORS failure, not the 503.
 */
public class ConcurrencyLimitFilter implements Filter {

    static final long RETRY_AFTER_SECONDS = 1;

    private final ConcurrencyLimit limit;
    private final long maxWaitNanos;
    private final Set<String> exemptPaths;
    private final CorsPolicy cors;
    private final ObjectMapper json;
    private final Envelopes envelopes;
    private final Timer queueWait;
    private final Meter rejected;

    public ConcurrencyLimitFilter(ConcurrencyLimit limit, Duration maxWait, Collection<String> exemptPaths,
                                  CorsPolicy cors, ObjectMapper json, Envelopes envelopes, MetricRegistry metrics) {
        this.limit = limit;
        this.maxWaitNanos = maxWait.toNanos();
        this.exemptPaths = Set.copyOf(exemptPaths);
        this.cors = cors;
        this.json = json;
        this.envelopes = envelopes;
        this.queueWait = metrics.timer("enrichment.concurrency.queue-wait");
        this.rejected = metrics.meter("enrichment.concurrency.rejected");
        metrics.gauge("enrichment.concurrency.active", () -> (Gauge<Integer>) limit::active);
        metrics.gauge("enrichment.concurrency.queued", () -> (Gauge<Integer>) limit::queued);
        metrics.gauge("enrichment.concurrency.limit", () -> (Gauge<Integer>) limit::maxActive);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (exemptPaths.contains(http.getRequestURI()) || "OPTIONS".equals(http.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        RequestContext context = RequestContext.of(http);
        long arrived = System.nanoTime();
        boolean admitted;
        try {
            admitted = limit.enter(maxWaitNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        queueWait.update(System.nanoTime() - arrived, TimeUnit.NANOSECONDS);
        if (!admitted) {
            rejected.mark();
            reject(http, (HttpServletResponse) response, context);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            limit.exit();
        }
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, RequestContext context)
            throws IOException {
        byte[] body = json.writeValueAsBytes(envelopes.errorBody(context, ErrorCode.SERVICE_UNAVAILABLE,
                "The service is at capacity: no request slot came free in time (the line was full or the wait"
                        + " too long). Retry after "
                        + RETRY_AFTER_SECONDS + " s.",
                Map.of("retry_after_seconds", RETRY_AFTER_SECONDS)));
        response.setStatus(ErrorCode.SERVICE_UNAVAILABLE.status());
        response.setContentType("application/json");
        response.setHeader(Envelopes.REQUEST_ID_HEADER, context.requestId());
        response.setHeader("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
        cors.responseHeaders(request.getHeader("Origin")).forEach(response::addHeader);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
