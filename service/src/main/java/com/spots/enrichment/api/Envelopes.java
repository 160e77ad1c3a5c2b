package com.spots.enrichment.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Builds enveloped responses: the one place that knows the envelope's metadata. */
public final class Envelopes {

    public static final String API_VERSION = "1.0.0";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private final Clock clock;

    public Envelopes(Clock clock) {
        this.clock = clock;
    }

    public <T> Response ok(RequestContext context, T data) {
        return Response.ok(new ApiResponse<>(true, data, null, metadata(context)), MediaType.APPLICATION_JSON_TYPE)
                .header(REQUEST_ID_HEADER, context.requestId())
                .build();
    }

    public Response error(RequestContext context, ErrorCode code, String message, Map<String, Object> details) {
        return errorBuilder(context, code, message, details).build();
    }

    public Response.ResponseBuilder errorBuilder(RequestContext context, ErrorCode code, String message,
                                                 Map<String, Object> details) {
        return Response.status(code.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(errorBody(context, code, message, details))
                .header(REQUEST_ID_HEADER, context.requestId());
    }

    /** The body of an error answer, for the few answers written outside Jersey (a servlet filter's). */
    public ApiResponse<Void> errorBody(RequestContext context, ErrorCode code, String message,
                                       Map<String, Object> details) {
        return new ApiResponse<>(false, null, new ApiError(code.name(), message, details), metadata(context));
    }

    public Response error(RequestContext context, ApiException e) {
        Response.ResponseBuilder builder = errorBuilder(context, e.code(), e.getMessage(), e.details());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    private ResponseMetadata metadata(RequestContext context) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return new ResponseMetadata(context.requestId(), context.elapsedMillis(), API_VERSION, now.toString());
    }
}
