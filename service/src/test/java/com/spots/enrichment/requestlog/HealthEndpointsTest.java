package com.spots.enrichment.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Liveness and readiness are answered apart (config.yml's health section), the writer among the readiness checks. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HealthEndpointsTest {

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB);

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getLocalPort() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void livenessReportsOnlyTheLivenessChecks() throws Exception {
        HttpResponse<String> alive = get("/health-check?type=alive");

        assertThat(alive.statusCode()).isEqualTo(200);
    }

    @Test
    void readinessListsTheRequestLogWriterBesideTheDatabases() throws Exception {
        HttpResponse<String> all = get("/health-check?name=all");

        assertThat(all.body()).contains("\"postgresql\"", "\"redis\"", "\"request-log\"", "\"deadlocks\"");
        assertThat(get("/health-check?type=ready").statusCode()).isEqualTo(200);
    }
}
