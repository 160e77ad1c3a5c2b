package com.spots.enrichment.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.spots.enrichment.api.ApiError;
import com.spots.enrichment.api.ApiResponse;
import com.spots.enrichment.api.Envelopes;
import com.spots.enrichment.api.ErrorCode;
import com.spots.enrichment.api.ResponseMetadata;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before a request reaches the API (unparseable HTTP, a broken Content-Type header)
 * answered in the same JSON envelope as everything else, instead of Jetty's HTML page.
 */
public class JsonErrorHandler extends ErrorHandler {

    private final ObjectMapper json;
    private final Clock clock;

    public JsonErrorHandler(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        write(response, code, callback);
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                 List<Charset> charsets, int code, String message, Throwable cause) {
        write(response, code, callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        String requestId = UUID.randomUUID().toString();
        fields.put(Envelopes.REQUEST_ID_HEADER, requestId);
        return ByteBuffer.wrap(body(status, requestId));
    }

    private void write(Response response, int code, Callback callback) {
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(Envelopes.REQUEST_ID_HEADER, requestId);
        response.write(true, ByteBuffer.wrap(body(code, requestId)), callback);
    }

    private byte[] body(int status, String requestId) {
        ErrorCode code = codeFor(status);
        String message = switch (code) {
            case PAYLOAD_TOO_LARGE -> "The request (headers or body) is too large.";
            case UNSUPPORTED_MEDIA_TYPE -> "The request body must be JSON: send 'Content-Type: application/json'.";
            case PROCESSING_ERROR -> "The request could not be processed. Quote request id " + requestId + ".";
            case ENDPOINT_NOT_FOUND -> "No endpoint at this path; see /v1/openapi.json for the endpoints.";
            case METHOD_NOT_ALLOWED -> "This method is not supported on this path.";
            default -> "The HTTP request is malformed (HTTP " + status + "); check its headers and encoding.";
        };
        ResponseMetadata metadata = new ResponseMetadata(requestId, 0, Envelopes.API_VERSION,
                clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        try {
            return json.writeValueAsBytes(new ApiResponse<>(false, null, new ApiError(code.name(), message, Map.of()),
                    metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the envelope is always serialisable", e);
        }
    }

    private static ErrorCode codeFor(int status) {
        return switch (status) {
            case 404 -> ErrorCode.ENDPOINT_NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413, 431 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.PROCESSING_ERROR : ErrorCode.INVALID_REQUEST;
        };
    }
}
