package com.spots.enrichment.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.spots.enrichment.EnrichmentConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The admin port's {@code /healthcheck}, as an operator's probe reads it. */
public final class HealthChecks {

    private HealthChecks() {
    }

    /** The JSON of every health check, e.g. {@code of(app).path("redis").path("healthy")}. */
    public static JsonNode of(DropwizardAppExtension<EnrichmentConfiguration> app) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getAdminPort() + "/healthcheck")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
