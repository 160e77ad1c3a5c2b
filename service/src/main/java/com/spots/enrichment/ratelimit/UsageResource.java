package com.spots.enrichment.ratelimit;

import com.spots.enrichment.api.Envelopes;
import com.spots.enrichment.api.RequestContext;
import com.spots.enrichment.auth.ApiKeyPrincipal;
import io.dropwizard.auth.Auth;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The caller's usage. The figures are those of this very request's rate-limit check (which counted it), so
 * answering costs no second Redis round trip and agrees with the response's rate-limit headers. Without
 * them (limiter disabled, or Redis unreachable while failing open) it says so and reports the limits only.
 */
@Path("/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private final Envelopes envelopes;
    private final List<WindowSpec> windows;
    private final boolean enforced;

    public UsageResource(Envelopes envelopes, List<WindowSpec> windows, boolean enforced) {
        this.envelopes = envelopes;
        this.windows = List.copyOf(windows);
        this.enforced = enforced;
    }

    @GET
    public Response usage(@Auth ApiKeyPrincipal caller, @Context HttpServletRequest request) {
        RequestContext context = RequestContext.of(request);
        if (!enforced) {
            return envelopes.ok(context, limitsOnly(caller, "disabled"));
        }
        if (!(request.getAttribute(RateLimitDecision.PROPERTY) instanceof RateLimitDecision decision)
                || !decision.known()) {
            // Failing open while Redis is unreachable: the request was admitted unchecked, usage is unknown.
            return envelopes.ok(context, limitsOnly(caller, "unavailable"));
        }
        Instant now = decision.now();
        Map<String, Usage.Window> usage = new LinkedHashMap<>();
        for (WindowUsage w : decision.windows()) {
            Instant next = w.nextIncreaseAt();
            usage.put(w.name(), new Usage.Window(w.length().toSeconds(), w.limit(), w.used(), w.remaining(),
                    iso(next), next == null ? null : WindowUsage.secondsUntil(now, next),
                    iso(w.clearAt()), w.clearAt() == null ? null : WindowUsage.secondsUntil(now, w.clearAt())));
        }
        return envelopes.ok(context, new Usage(caller.partnerId(), "enforced", iso(now), usage));
    }

    private Usage limitsOnly(ApiKeyPrincipal caller, String state) {
        Map<String, Usage.Window> limits = new LinkedHashMap<>();
        for (WindowSpec window : windows) {
            limits.put(window.name(), new Usage.Window(window.length().toSeconds(), window.limitOf(caller),
                    null, null, null, null, null, null));
        }
        return new Usage(caller.partnerId(), state, null, limits);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
