package com.spots.enrichment.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the request log records, and what it leaves out, through the real API into the real table. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RequestLogTest {

    static final String VALID_BODY =
            "{\"user_segment\":{\"segment_id\":\"sf-coffee\",\"geographic_region\":\"san_francisco\"},"
            + "\"product_quantum_state\":{\"category\":\"coffee\"},\"requested_insights\":[\"knot_compatibility\"]}";

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB,
            ConfigOverride.config("requestLog.flushInterval", "20ms"),
            ConfigOverride.config("requestLog.retentionBatchSize", "1"));

    private static ApiClient client() {
        return TestApp.client(APP);
    }

    @Test
    void everyAuthenticatedRequestIsRecordedWithItsOutcome() {
        IssuedKey key = TestKeys.create(DB);
        Answer notImplemented = client().post("/v1/quantum-personality", key.plaintext(), VALID_BODY);
        Answer notFound = client().get("/v1/nope", key.plaintext());
        Answer invalid = client().post("/v1/quantum-personality", key.plaintext(), "{}");

        List<LoggedRow> rows = LoggedRow.awaitForKey(DB, key.id(), 3);

        assertThat(rows).extracting(LoggedRow::requestId).containsExactly(
                notImplemented.header("X-Request-Id").orElseThrow(),
                notFound.header("X-Request-Id").orElseThrow(),
                invalid.header("X-Request-Id").orElseThrow());
        assertThat(rows).extracting(LoggedRow::endpoint)
                .containsExactly("/v1/quantum-personality", "/v1/nope", "/v1/quantum-personality");
        assertThat(rows).extracting(LoggedRow::method).containsExactly("POST", "GET", "POST");
        assertThat(rows).extracting(LoggedRow::statusCode).containsExactly(501, 404, 400);
        assertThat(rows).extracting(LoggedRow::errorCode)
                .containsExactly("NOT_IMPLEMENTED", "ENDPOINT_NOT_FOUND", "INVALID_REQUEST");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.partnerId()).isEqualTo(key.partner());
            assertThat(row.processingTimeMs()).isBetween(0, 10_000);
            assertThat(row.requestBody()).isNull();
        });
    }

    @Test
    void theRecordedProcessingTimeIsTheOneInTheEnvelope() {
        IssuedKey key = TestKeys.create(DB);
        Answer answer = client().post("/v1/quantum-personality", key.plaintext(), VALID_BODY);

        LoggedRow row = LoggedRow.awaitForKey(DB, key.id(), 1).get(0);

        int enveloped = answer.json().path("metadata").path("processing_time_ms").asInt();
        assertThat(row.processingTimeMs()).isEqualTo(enveloped);
    }

    @Test
    void requestsWithoutAValidKeyAreNotRecorded() {
        IssuedKey key = TestKeys.create(DB);
        Answer refused = client().post("/v1/quantum-personality", "spots_poc_" + key.partner() + "_"
                + "0".repeat(32), VALID_BODY);
        assertThat(refused.status()).isEqualTo(401);
        // The writer keeps order: once a later request of this test is in the table, the refused one would be too.
        client().get("/v1/nope", key.plaintext());
        LoggedRow.awaitForKey(DB, key.id(), 1);

        assertThat(LoggedRow.countByRequestId(DB, refused.header("X-Request-Id").orElseThrow())).isZero();
    }

    @Test
    void theWriterIsAHealthCheckOnTheAdminPort() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.body()).contains("\"request-log\":{\"healthy\":true");
    }

    @Test
    void retentionDeletesOnlyRowsOlderThanTheRetentionPeriod() throws Exception {
        IssuedKey key = TestKeys.create(DB);
        DB.jdbi().useHandle(h -> {
            for (String age : List.of("91 days", "120 days", "89 days", "1 hour")) {
                h.execute("INSERT INTO api_request_logs (api_key_id, partner_id, endpoint, method, status_code,"
                        + " processing_time_ms, request_id, created_at) VALUES (?, ?, '/v1/usage', 'GET', 200, 1,"
                        + " ?, now() - ?::interval)", key.id(), key.partner(), "retention-" + age, age);
            }
        });

        HttpResponse<String> task = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/tasks/request-log-retention"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(task.statusCode()).isEqualTo(200);
        // One row per DELETE here, so the task has to go round its batch loop.
        assertThat(task.body()).startsWith("deleted 2 ");
        assertThat(LoggedRow.forKey(DB, key.id())).extracting(LoggedRow::requestId)
                .containsExactlyInAnyOrder("retention-89 days", "retention-1 hour");
    }

    @Test
    void thePrometheusExpositionLabelsRequestsByEndpointAndStatus() throws Exception {
        IssuedKey key = TestKeys.create(DB);
        client().post("/v1/quantum-personality", key.plaintext(), VALID_BODY);
        client().get("/v1/nope", key.plaintext());

        String exposition = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        assertThat(exposition)
                .contains("enrichment_requests_total{endpoint=\"/v1/quantum-personality\",status=\"501\",}")
                .contains("enrichment_requests_total{endpoint=\"unmatched\",status=\"404\",}")
                .contains("enrichment_request_errors_total{endpoint=\"unmatched\",error_code=\"ENDPOINT_NOT_FOUND\",}")
                .contains("enrichment_partner_requests_total{partner=\"" + key.partner()
                        + "\",status=\"501\",error_code=\"NOT_IMPLEMENTED\",}")
                .contains("enrichment_request_latency_seconds{endpoint=\"/v1/quantum-personality\",quantile=\"0.99\",}")
                .contains("enrichment_requestlog_queue_depth ");
    }
}
