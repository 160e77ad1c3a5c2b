package com.spots.enrichment.api;

import java.util.Map;

/**
 * A failure the partner should see as-is: a catalogue code, a message that says how to fix it,
 * optional details and response headers. Its message never holds secrets or internals.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, Object> details;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String message) {
        this(code, message, Map.of(), Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, Object> details) {
        this(code, message, details, Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, Object> details, Map<String, String> headers) {
        super(message, null, false, false);
        this.code = code;
        this.details = Map.copyOf(details);
        this.headers = Map.copyOf(headers);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
