package com.spots.enrichment.requestlog;

import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.spots.enrichment.api.ErrorCode;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-request metrics, named so the Prometheus exposition can turn the name segments into labels
 * ({@code enrichment.requests.ENDPOINT.STATUS} becomes {@code enrichment_requests_total{endpoint,status}}).
 * Cardinality is bounded: endpoints are the routes Jersey matched (anything else is {@code unmatched}), and
 * only the first {@code maxPartners} partners get a label of their own, the rest share {@code other}.
 * The series a dashboard alerts on (every catalogue status and error code of an endpoint, a partner's rate-limit
 * refusals) are created at zero when the endpoint or partner is first seen, so "none yet" reads as 0, not as
 * a missing series.
 */
public class RequestMetrics {

    public static final String UNMATCHED = "unmatched";
    static final String OTHER_PARTNERS = "other";
    static final String NO_ERROR = "none";
    private static final Set<Integer> CATALOGUE_STATUSES = catalogueStatuses();

    private final MetricRegistry registry;
    private final int maxPartners;
    private final ConcurrentMap<String, EndpointMetrics> endpoints = new ConcurrentHashMap<>();
    private final ConcurrentMap<PartnerOutcome, Meter> partnerMeters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> partnerLabels = new ConcurrentHashMap<>();

    public RequestMetrics(MetricRegistry registry, int maxPartners) {
        this.registry = registry;
        this.maxPartners = maxPartners;
    }

    public void record(String endpoint, String partner, int status, String errorCode, long elapsedNanos) {
        EndpointMetrics e = endpoints.computeIfAbsent(endpoint, this::endpointMetrics);
        e.latency.update(elapsedNanos, TimeUnit.NANOSECONDS);
        e.statuses.computeIfAbsent(status, s -> statusMeter(endpoint, s)).mark();
        if (errorCode != null) {
            e.errors.computeIfAbsent(errorCode, c -> errorMeter(endpoint, c)).mark();
        }
        String code = errorCode == null ? NO_ERROR : errorCode;
        partnerMeters.computeIfAbsent(new PartnerOutcome(partnerLabel(partner), status, code),
                o -> partnerMeter(o.partner(), o.status(), o.errorCode())).mark();
    }

    // Handles are cached: the registry's name building and lookups stay off the per-request path.
    private record EndpointMetrics(Timer latency, ConcurrentMap<Integer, Meter> statuses,
                                   ConcurrentMap<String, Meter> errors) {
    }

    private record PartnerOutcome(String partner, int status, String errorCode) {
    }

    private EndpointMetrics endpointMetrics(String endpoint) {
        EndpointMetrics e = new EndpointMetrics(latency(endpoint), new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>());
        for (int s : CATALOGUE_STATUSES) {
            e.statuses.put(s, statusMeter(endpoint, s));
        }
        for (ErrorCode code : ErrorCode.values()) {
            e.errors.put(code.name(), errorMeter(endpoint, code.name()));
        }
        return e;
    }

    private String partnerLabel(String partner) {
        String known = partnerLabels.get(partner);
        if (known != null) {
            return known;
        }
        if (partnerLabels.size() >= maxPartners) {
            return OTHER_PARTNERS;
        }
        String label = partnerLabels.computeIfAbsent(partner, p -> p);
        partnerMeter(label, ErrorCode.RATE_LIMIT_EXCEEDED.status(), ErrorCode.RATE_LIMIT_EXCEEDED.name());
        return label;
    }

    private Timer latency(String endpoint) {
        // Lock-free reservoir: the default one takes a lock on every update, which request threads contend for.
        return registry.timer(MetricRegistry.name("enrichment.latency", endpoint),
                () -> new Timer(LockFreeExponentiallyDecayingReservoir.builder().build()));
    }

    private Meter statusMeter(String endpoint, int status) {
        return registry.meter(MetricRegistry.name("enrichment.requests", endpoint, Integer.toString(status)));
    }

    private Meter errorMeter(String endpoint, String code) {
        return registry.meter(MetricRegistry.name("enrichment.request-errors", endpoint, code));
    }

    private Meter partnerMeter(String partner, int status, String code) {
        return registry.meter(MetricRegistry.name("enrichment.partner-requests", partner,
                Integer.toString(status), code));
    }

    private static Set<Integer> catalogueStatuses() {
        Set<Integer> statuses = new TreeSet<>();
        statuses.add(200);
        for (ErrorCode code : ErrorCode.values()) {
            statuses.add(code.status());
        }
        return Set.copyOf(statuses);
    }
}
