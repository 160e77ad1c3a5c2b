package com.spots.enrichment.http;

import com.spots.enrichment.api.Envelopes;
import com.spots.enrichment.api.RequestContext;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * First in, last out: gives each request its id and start time (unless it has them from arrival), and stamps
 * {@code X-Request-Id} on every response. The API only speaks JSON, so the Accept header is normalised rather than
 * answered with 406.
 */
@PreMatching
@Priority(1)
public class RequestContextFilter implements ContainerRequestFilter, ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        // the id and start time exist already when ConcurrencyLimitFilter took them on arrival
        RequestContext.of(request);
        request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(Envelopes.REQUEST_ID_HEADER, RequestContext.of(request).requestId());
    }
}
