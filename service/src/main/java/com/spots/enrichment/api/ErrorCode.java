package com.spots.enrichment.api;

/** The error catalogue of the partner API (SPEC §3): each code with its HTTP status. */
public enum ErrorCode {
    AUTHENTICATION_FAILED(401),
    API_KEY_EXPIRED(401),
    RATE_LIMIT_EXCEEDED(429),
    ENDPOINT_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    INVALID_REQUEST(400),
    UNSUPPORTED_MEDIA_TYPE(415),
    PAYLOAD_TOO_LARGE(413),
    INSUFFICIENT_DATA(422),
    PRIVACY_BUDGET_EXHAUSTED(429),
    NOT_IMPLEMENTED(501),
    PROCESSING_ERROR(500),
    SERVICE_UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
