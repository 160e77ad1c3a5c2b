package com.spots.enrichment.api;

import static com.spots.enrichment.testing.Envelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.Envelope;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every error of the catalogue this service can produce today: status, code, envelope and X-Request-Id. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ErrorCatalogueTest {

    private static final String BEHAVIOR = "/v1/real-world-behavior";
    private static final String PERSONALITY = "/v1/quantum-personality";
    private static final String VALID = "{\"user_segment\":{\"segment_id\":\"sf-coffee\"}}";

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB);

    private ApiClient client() {
        return TestApp.client(APP);
    }

    private String key() {
        return TestKeys.create(DB).plaintext();
    }

    private Answer post(String path, String key, String json) {
        return client().post(path, key, json);
    }

    private static List<String> fields(JsonNode error) {
        List<String> fields = new ArrayList<>();
        error.path("details").path("fields").forEach(f -> fields.add(f.path("field").asText()));
        return fields;
    }

    @Test
    void aRequestWithoutAKeyIsRefusedWithAChallenge() {
        Answer answer = post(BEHAVIOR, null, VALID);
        assertError(answer, 401, "AUTHENTICATION_FAILED");
        assertThat(answer.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("Bearer", "ApiKey"));
    }

    @Test
    void aMalformedKeyIsRefused() {
        Answer answer = client().send("POST", BEHAVIOR, Map.of("Authorization", "Bearer not-a-key",
                "Content-Type", "application/json"), VALID.getBytes(), false);
        assertThat(assertError(answer, 401, "AUTHENTICATION_FAILED").path("message").asText()).contains("malformed");
        assertThat(answer.header("WWW-Authenticate")).isPresent();
    }

    @Test
    void anUnknownKeyIsRefused() {
        Answer answer = post(BEHAVIOR, "spots_poc_nobody_0123456789abcdef0123456789abcdef", VALID);
        assertError(answer, 401, "AUTHENTICATION_FAILED");
        assertThat(answer.header("WWW-Authenticate")).isPresent();
    }

    @Test
    void anUnsupportedAuthorizationSchemeIsRefused() {
        Answer answer = client().send("POST", BEHAVIOR, Map.of("Authorization", "Basic " + key(),
                "Content-Type", "application/json"), VALID.getBytes(), false);
        assertThat(assertError(answer, 401, "AUTHENTICATION_FAILED").path("message").asText()).contains("Bearer");
    }

    @Test
    void aKeyInTheQueryStringIsRefusedEvenWithAValidHeader() {
        String key = key();
        Answer answer = post(BEHAVIOR + "?api_key=" + key, key, VALID);
        JsonNode error = assertError(answer, 401, "AUTHENTICATION_FAILED");
        assertThat(error.path("message").asText()).contains("query string");
        assertThat(answer.body()).doesNotContain(key);
    }

    @Test
    void aKeyLookingValueInAnyQueryParameterIsRefused() {
        String key = key();
        assertError(post(BEHAVIOR + "?x=" + key, key, VALID), 401, "AUTHENTICATION_FAILED");
    }

    @Test
    void anUnknownPathListsTheAvailableEndpoints() {
        Answer answer = client().get("/v1/segments", key());
        JsonNode error = assertError(answer, 404, "ENDPOINT_NOT_FOUND");
        assertThat(error.path("message").asText()).contains("POST /v1/real-world-behavior",
                "POST /v1/quantum-personality", "POST /v1/community-influence");
        List<String> listed = StreamSupport.stream(error.path("details").path("available_endpoints").spliterator(), false)
                .map(JsonNode::asText).toList();
        assertThat(listed).contains("POST /v1/real-world-behavior");
    }

    @Test
    void anUnknownPathOutsideTheApiStillAnswersInTheEnvelope() {
        assertError(client().get("/wp-admin", null), 404, "ENDPOINT_NOT_FOUND");
    }

    @Test
    void unknownPathsUnderV1AreOnlyRevealedToAuthenticatedCallers() {
        assertError(client().get("/v1/segments", null), 401, "AUTHENTICATION_FAILED");
    }

    @Test
    void aWrongMethodIsRefusedWithTheAllowedOnes() {
        Answer answer = client().get(BEHAVIOR, key());
        assertError(answer, 405, "METHOD_NOT_ALLOWED");
        assertThat(answer.header("Allow")).hasValueSatisfying(v -> assertThat(v).contains("POST"));
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        Answer answer = client().send("POST", BEHAVIOR, Map.of("Authorization", "Bearer " + key(),
                "Content-Type", "text/plain"), "hello".getBytes(), false);
        assertThat(assertError(answer, 415, "UNSUPPORTED_MEDIA_TYPE").path("message").asText())
                .contains("application/json");
    }

    @Test
    void aBodyOverTheLimitIsTooLargeByContentLength() {
        byte[] body = ("{\"user_segment\":{\"segment_id\":\"" + "a".repeat(70_000) + "\"}}").getBytes();
        Answer answer = client().send("POST", BEHAVIOR, Map.of("Authorization", "Bearer " + key(),
                "Content-Type", "application/json"), body, false);
        assertThat(assertError(answer, 413, "PAYLOAD_TOO_LARGE").path("details").path("max_bytes").asLong())
                .isEqualTo(65_536);
    }

    @Test
    void aChunkedBodyOverTheLimitIsTooLarge() {
        byte[] body = ("{\"user_segment\":{\"segment_id\":\"" + "a".repeat(70_000) + "\"}}").getBytes();
        Answer answer = client().send("POST", BEHAVIOR, Map.of("Authorization", "Bearer " + key(),
                "Content-Type", "application/json"), body, true);
        assertError(answer, 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void aRequestJettyRefusesBeforeTheApiStillGetsTheEnvelope() {
        Answer answer = client().send("POST", BEHAVIOR, Map.of("Authorization", "Bearer " + key(),
                "Content-Type", ""), VALID.getBytes(), false);
        assertError(answer, 400, "INVALID_REQUEST");
    }

    @Test
    void malformedJsonIsAnInvalidRequestAboutTheBody() {
        JsonNode error = assertError(post(BEHAVIOR, key(), "{\"user_segment\": {"), 400, "INVALID_REQUEST");
        assertThat(fields(error)).containsExactly("body");
    }

    @Test
    void aMissingBodyIsAnInvalidRequest() {
        Answer answer = client().send("POST", BEHAVIOR, Map.of("Authorization", "Bearer " + key(),
                "Content-Type", "application/json"), new byte[0], false);
        assertThat(fields(assertError(answer, 400, "INVALID_REQUEST"))).containsExactly("body");
    }

    @Test
    void aWrongTypeNamesTheFieldAndTheExpectedType() {
        JsonNode error = assertError(post(BEHAVIOR, key(), "{\"user_segment\":{\"segment_id\":42}}"), 400,
                "INVALID_REQUEST");
        assertThat(error.path("details").path("fields").get(0).path("field").asText()).isEqualTo("user_segment.segment_id");
        assertThat(error.path("details").path("fields").get(0).path("message").asText()).contains("string");
    }

    @Test
    void aNumberGivenAsAStringIsAWrongType() {
        JsonNode error = assertError(post(BEHAVIOR, key(), "{\"user_segment\":{\"segment_id\":\"a\"},\"time_window_days\":\"30\"}"),
                400, "INVALID_REQUEST");
        assertThat(fields(error)).containsExactly("time_window_days");
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        assertThat(fields(assertError(post(BEHAVIOR, key(), "{}"), 400, "INVALID_REQUEST"))).containsExactly("user_segment");
    }

    @Test
    void everyOutOfRangeFieldIsListed() {
        String body = """
                {"user_segment":{"segment_id":"bad id!","geographic_region":"San Francisco",
                  "demographics":{"age_range":[40,20]}},
                 "time_window_days":366}""";
        JsonNode error = assertError(post(BEHAVIOR, key(), body), 400, "INVALID_REQUEST");
        assertThat(fields(error)).containsExactlyInAnyOrder("user_segment.segment_id", "user_segment.geographic_region",
                "user_segment.demographics.age_range", "time_window_days");
    }

    @Test
    void listElementsAreNamedByIndex() {
        String body = "{\"user_segment\":{\"segment_id\":\"a\",\"demographics\":{\"age_range\":[5,30]}}}";
        assertThat(fields(assertError(post(BEHAVIOR, key(), body), 400, "INVALID_REQUEST")))
                .containsExactly("user_segment.demographics.age_range[0]");
    }

    @Test
    void anUnknownInsightNameIsInvalidAndTheKnownOnesAreListed() {
        String body = "{\"user_segment\":{\"segment_id\":\"a\"},\"requested_insights\":[\"dwell_time_patterns\",\"mind_reading\"]}";
        JsonNode error = assertError(post(BEHAVIOR, key(), body), 400, "INVALID_REQUEST");
        assertThat(fields(error)).containsExactly("requested_insights[1]");
        assertThat(error.path("message").asText()).contains("dwell_time_patterns", "product_implications");
    }

    @Test
    void anUnknownFieldIsNamed() {
        String body = "{\"user_segment\":{\"segment_id\":\"a\"},\"requestedInsights\":[]}";
        JsonNode error = assertError(post(BEHAVIOR, key(), body), 400, "INVALID_REQUEST");
        assertThat(fields(error)).containsExactly("requestedInsights");
        assertThat(error.path("message").asText()).contains("requested_insights");
    }

    @Test
    void productAttributesOutsideZeroToOneAreInvalid() {
        String body = """
                {"user_segment":{"segment_id":"a"},
                 "product_quantum_state":{"category":"coffee","attributes":{"energy_level":1.5,"novelty":-0.1}}}""";
        assertThat(fields(assertError(post(PERSONALITY, key(), body), 400, "INVALID_REQUEST"))).containsExactlyInAnyOrder(
                "product_quantum_state.attributes.energy_level", "product_quantum_state.attributes.novelty");
    }

    @Test
    void moreThanAHundredCandidateProductsAreInvalid() {
        StringBuilder candidates = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            candidates.append(i == 0 ? "" : ",").append("{\"product_id\":\"p").append(i).append("\",\"category\":\"c\"}");
        }
        String body = "{\"user_segment\":{\"segment_id\":\"a\"},\"product_quantum_state\":{\"category\":\"c\"},"
                + "\"candidate_products\":[" + candidates + "]}";
        assertThat(fields(assertError(post(PERSONALITY, key(), body), 400, "INVALID_REQUEST")))
                .containsExactly("candidate_products");
    }

    @Test
    void aRequestForOnlyInsightsTheDataCannotSupportIsNotImplemented() {
        String body = "{\"user_segment\":{\"segment_id\":\"a\"},\"product_quantum_state\":{\"category\":\"c\"},"
                + "\"requested_insights\":[\"knot_compatibility\"]}";
        JsonNode error = assertError(post(PERSONALITY, key(), body), 501, "NOT_IMPLEMENTED");
        assertThat(error.path("details").path("unavailable_insights").toString()).isEqualTo("[\"knot_compatibility\"]");
    }

    @Test
    void everyResponseHasItsOwnRequestId() {
        String key = key();
        Answer first = post(BEHAVIOR, key, VALID);
        Answer second = post(BEHAVIOR, key, VALID);
        Envelope.assertMetadata(first);
        assertThat(first.header("X-Request-Id")).isNotEqualTo(second.header("X-Request-Id"));
    }

    @Test
    void aCorsPreflightIsAnsweredWithoutAKey() {
        Answer answer = client().send("OPTIONS", BEHAVIOR, Map.of("Origin", "https://shop.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type"),
                null, false);
        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.header("Access-Control-Allow-Origin")).contains("*");
        assertThat(answer.header("Access-Control-Allow-Headers")).hasValueSatisfying(v -> assertThat(v).contains("Authorization"));
        assertThat(answer.header("X-Request-Id")).isPresent();
    }

    @Test
    void aCrossOriginResponseExposesTheRequestIdHeader() {
        Answer answer = client().send("POST", BEHAVIOR, Map.of("Origin", "https://shop.example",
                "Authorization", "Bearer " + key(), "Content-Type", "application/json"),
                VALID.getBytes(StandardCharsets.UTF_8), false);
        assertThat(answer.header("Access-Control-Allow-Origin")).contains("*");
        assertThat(answer.header("Access-Control-Expose-Headers")).hasValueSatisfying(v -> assertThat(v).contains("X-Request-Id"));
    }
}
