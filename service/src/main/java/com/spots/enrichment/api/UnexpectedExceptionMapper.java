package com.spots.enrichment.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything not mapped elsewhere: a down database becomes 503 SERVICE_UNAVAILABLE with Retry-After,
 * everything else 500 PROCESSING_ERROR. The cause is logged with the request id; the partner sees neither.
 */
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    private final Envelopes envelopes;

    @Context
    private HttpServletRequest request;

    public UnexpectedExceptionMapper(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @Override
    public Response toResponse(Throwable e) {
        RequestContext context = RequestContext.of(request);
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ApiException api) {
                return envelopes.error(context, api);
            }
        }
        if (isUnavailable(e)) {
            LOG.warn("request {}: backing service unavailable: {}", context.requestId(), e.toString());
            return envelopes.errorBuilder(context, ErrorCode.SERVICE_UNAVAILABLE,
                            "A service this API depends on is temporarily unavailable. Retry in "
                                    + RETRY_AFTER_SECONDS + " seconds.", Map.of())
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .build();
        }
        LOG.error("request {}: unexpected failure", context.requestId(), e);
        return envelopes.error(context, ErrorCode.PROCESSING_ERROR,
                "An unexpected error occurred while processing the request. Quote request id "
                        + context.requestId() + " if you contact support.", Map.of());
    }

    /** True when the failure is a lost or refused connection to a backing service, not a bug. */
    public static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException
                    || t instanceof org.jdbi.v3.core.ConnectionException
                    || t instanceof redis.clients.jedis.exceptions.JedisConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
