package com.spots.enrichment.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Field;
import java.sql.SQLException;
import java.time.Clock;

/** The catch-all mapper, for failures no real request can be made to cause on purpose. */
class UnexpectedExceptionMapperTest {

    private final RequestContext context = new RequestContext("req-123", System.nanoTime());

    private Response map(Throwable failure) throws Exception {
        UnexpectedExceptionMapper mapper = new UnexpectedExceptionMapper(new Envelopes(Clock.systemUTC()));
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getAttribute(RequestContext.ATTRIBUTE)).thenReturn(context);
        Field field = UnexpectedExceptionMapper.class.getDeclaredField("request");
        field.setAccessible(true);
        field.set(mapper, request);
        return mapper.toResponse(failure);
    }

    @org.junit.jupiter.api.Test
    void aBugIsAProcessingErrorThatQuotesTheRequestIdAndNothingElse() throws Exception {
        Response response = map(new NullPointerException("secret internal detail"));
        assertThat(response.getStatus()).isEqualTo(500);
        ApiResponse<?> body = (ApiResponse<?>) response.getEntity();
        assertThat(body.error().code()).isEqualTo("PROCESSING_ERROR");
        assertThat(body.error().message()).contains("req-123").doesNotContain("secret", "NullPointer");
        assertThat(response.getHeaderString("X-Request-Id")).isEqualTo("req-123");
    }

    @org.junit.jupiter.api.Test
    void aLostDatabaseConnectionIsServiceUnavailableWithRetryAfter() throws Exception {
        Response response = map(new IllegalStateException("wrapped", new SQLException("gone", "08006")));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(((ApiResponse<?>) response.getEntity()).error().code()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
    }

    @org.junit.jupiter.api.Test
    void anApiExceptionWrappedByAFrameworkKeepsItsCode() throws Exception {
        Response response = map(new RuntimeException(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "too big")));
        assertThat(response.getStatus()).isEqualTo(413);
    }
}
