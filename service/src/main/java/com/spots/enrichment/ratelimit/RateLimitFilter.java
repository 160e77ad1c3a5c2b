package com.spots.enrichment.ratelimit;

import com.spots.enrichment.api.ApiException;
import com.spots.enrichment.api.ErrorCode;
import com.spots.enrichment.auth.ApiKeyPrincipal;
import com.spots.enrichment.ratelimit.RateLimitDecision.Outcome;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Right after authentication, before anything else reads the request: asks the limiter about the caller's
 * key and refuses with 429 RATE_LIMIT_EXCEEDED when a window is full. On the way out it stamps the
 * rate-limit headers of SPEC §3 on every authenticated response, errors included.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 100)
public class RateLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final int UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        ApiKeyPrincipal caller = caller(request);
        if (caller == null) {
            return;
        }
        RateLimitDecision decision = limiter.check(caller);
        request.setProperty(RateLimitDecision.PROPERTY, decision);
        if (decision.outcome() == Outcome.REFUSED) {
            throw refusal(decision);
        }
        if (decision.outcome() == Outcome.UNCHECKED && limiter.failureMode() == RateLimitFactory.FailureMode.CLOSED) {
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                    "Rate limits cannot be checked right now, so requests are not accepted; retry in "
                            + UNAVAILABLE_RETRY_AFTER_SECONDS + " seconds.",
                    Map.of(), Map.of(HttpHeaders.RETRY_AFTER, Integer.toString(UNAVAILABLE_RETRY_AFTER_SECONDS)));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        ApiKeyPrincipal caller = caller(request);
        if (caller == null) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("X-RateLimit-Limit-Minute", caller.rateLimitPerMinute());
        headers.putSingle("X-RateLimit-Limit-Day", caller.rateLimitPerDay());
        if (!(request.getProperty(RateLimitDecision.PROPERTY) instanceof RateLimitDecision decision)
                || !decision.known()) {
            return; // Redis could not be asked (failing open): the limits are known, the usage is not
        }
        WindowUsage minute = decision.window("minute");
        WindowUsage day = decision.window("day");
        headers.putSingle("X-RateLimit-Remaining-Minute", minute.remaining());
        headers.putSingle("X-RateLimit-Remaining-Day", day.remaining());
        WindowUsage binding = decision.binding();
        headers.putSingle("RateLimit-Limit", binding.limit());
        headers.putSingle("RateLimit-Remaining", binding.remaining());
        headers.putSingle("RateLimit-Reset", decision.secondsUntilIncrease(binding));
    }

    private static ApiException refusal(RateLimitDecision decision) {
        WindowUsage window = decision.windows().stream().filter(WindowUsage::exhausted)
                .max(Comparator.comparing(WindowUsage::retryAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .orElseThrow();
        long retryAfter = decision.retryAfterSeconds();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("window", window.name());
        details.put("window_seconds", window.length().toSeconds());
        details.put("limit", window.limit());
        details.put("retry_after_seconds", retryAfter);
        return new ApiException(ErrorCode.RATE_LIMIT_EXCEEDED,
                "Rate limit exceeded: this API key may make " + window.limit() + " requests per " + window.name()
                        + " (any " + window.length().toSeconds() + "-second span). Retry in " + retryAfter
                        + " seconds, or spread requests out; GET /v1/usage shows the current usage.",
                details, Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter)));
    }

    private static ApiKeyPrincipal caller(ContainerRequestContext request) {
        SecurityContext security = request.getSecurityContext();
        return security != null && security.getUserPrincipal() instanceof ApiKeyPrincipal principal ? principal : null;
    }
}
