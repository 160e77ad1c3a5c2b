package com.spots.enrichment.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.spots.enrichment.testing.ApiClient.Answer;
import java.time.Instant;

/** Assertions on the response envelope every /v1 answer carries. */
public final class Envelope {

    private Envelope() {
    }

    /** An error answer: status, code, a message, metadata, X-Request-Id equal to metadata.request_id, no data. */
    public static JsonNode assertError(Answer answer, int status, String code) {
        assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = answer.json();
        assertThat(body.path("success").isBoolean()).isTrue();
        assertThat(body.path("success").asBoolean()).isFalse();
        assertThat(body.has("data")).isFalse();
        assertThat(body.path("error").path("code").asText()).isEqualTo(code);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
        assertMetadata(answer);
        assertNoInternals(answer.body());
        return body.path("error");
    }

    public static void assertMetadata(Answer answer) {
        JsonNode metadata = answer.json().path("metadata");
        String requestId = metadata.path("request_id").asText();
        assertThat(requestId).isNotBlank();
        assertThat(answer.header("X-Request-Id")).contains(requestId);
        assertThat(metadata.path("api_version").asText()).isEqualTo("1.0.0");
        assertThat(metadata.path("processing_time_ms").isIntegralNumber()).isTrue();
        assertThat(metadata.path("processing_time_ms").asLong()).isNotNegative();
        assertThat(Instant.parse(metadata.path("timestamp").asText())).isBefore(Instant.now().plusSeconds(5));
    }

    /** No stack trace, SQL, Java type or host internals in what a partner reads. */
    public static void assertNoInternals(String body) {
        assertThat(body).doesNotContain("Exception", "\tat ", "java.", "com.spots", "jakarta.", "SELECT ", "org.");
    }
}
