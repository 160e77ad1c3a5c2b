package com.spots.enrichment.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.spots.enrichment.EnrichmentApplication;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.Commands;
import com.spots.enrichment.testing.TcpProxy;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestEnvironment;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Liveness and readiness are answered apart on the application port (config.yml's {@code health} section):
 * a lost dependency makes the instance unready, not dead; the request-log writer is reported beside them.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HealthEndpointsTest {

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final TcpProxy REDIS = new TcpProxy(TestEnvironment.redisUri().getHost(),
            TestEnvironment.redisUri().getPort());
    // health.healthChecks[2] is redis: checked often, down after one failure, so the test need not wait.
    // Not TestApp.extension: it sets redis.url itself, and Dropwizard applies overrides as an unordered set.
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = new DropwizardAppExtension<>(
            EnrichmentApplication.class, Commands.CONFIG.toString(),
            ConfigOverride.config("database.url", DB.url()),
            ConfigOverride.config("database.user", TestEnvironment.databaseUser()),
            ConfigOverride.config("database.password", TestEnvironment.databasePassword()),
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("logging.level", "WARN"),
            ConfigOverride.config("redis.url", "redis://127.0.0.1:" + REDIS.port()),
            ConfigOverride.config("health.healthChecks[2].schedule.checkInterval", "100ms"),
            ConfigOverride.config("health.healthChecks[2].schedule.downtimeInterval", "100ms"),
            ConfigOverride.config("health.healthChecks[2].schedule.failureAttempts", "1"),
            ConfigOverride.config("health.healthChecks[2].schedule.successAttempts", "1"));

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getLocalPort() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachCheckIsEitherALivenessOrAReadinessCheck() throws Exception {
        Map<String, String> types = new HashMap<>();
        for (JsonNode check : new ObjectMapper().readTree(get("/health-check?name=all").body())) {
            types.put(check.path("name").asText(), check.path("type").asText() + "/" + check.path("critical"));
        }

        assertThat(types).isEqualTo(Map.of("deadlocks", "ALIVE/true", "postgresql", "READY/true",
                "redis", "READY/true", "request-log", "READY/false"));
    }

    @Test
    void losingRedisMakesTheInstanceUnreadyButNotDead() throws Exception {
        assertThat(get("/health-check?type=ready").statusCode()).isEqualTo(200);
        REDIS.cut();
        try {
            Instant deadline = Instant.now().plusSeconds(20);
            while (get("/health-check?type=ready").statusCode() == 200 && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(get("/health-check?type=ready").statusCode()).isEqualTo(503);
            assertThat(get("/health-check?type=alive").statusCode()).isEqualTo(200);
        } finally {
            REDIS.start();
        }
        Instant deadline = Instant.now().plusSeconds(20);
        while (get("/health-check?type=ready").statusCode() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(get("/health-check?type=ready").statusCode()).isEqualTo(200);
    }
}
