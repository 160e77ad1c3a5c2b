package com.spots.enrichment.http;

import com.spots.enrichment.api.RequestContext;
import jakarta.annotation.Priority;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.IOException;
import org.slf4j.MDC;

/**
 * Puts the request id in the logging context ({@code request_id}) of every line a request produces. Registered
 * twice: as a JAX-RS filter right after {@link RequestContextFilter} has made the id, and as a servlet filter
 * around the whole request, which clears it in {@code finally} so no id outlives its request on a pooled thread.
 */
@PreMatching
@Priority(2)
public class RequestIdMdcFilter implements ContainerRequestFilter, Filter {

    public static final String MDC_KEY = "request_id";

    @Override
    public void filter(ContainerRequestContext request) {
        MDC.put(MDC_KEY, RequestContext.of(request).requestId());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
