package com.spots.enrichment.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every query of ops/grafana/enrichment-dashboard.json answers with data: Debian's real {@code prometheus} scrapes
 * the test app's admin port with ops/prometheus/prometheus.yml (target and interval adjusted), and each PromQL
 * expression is evaluated through its HTTP API after some traffic.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DashboardQueriesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DASHBOARD = ROOT.resolve("ops/grafana/enrichment-dashboard.json");
    private static final Path SCRAPE_CONFIG = ROOT.resolve("ops/prometheus/prometheus.yml");
    private static final String PROMETHEUS = System.getenv().getOrDefault("PROMETHEUS_BIN", "prometheus");
    private static final String BODY =
            "{\"user_segment\":{\"segment_id\":\"sf-coffee\",\"geographic_region\":\"san_francisco\"}}";

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyDashboardQueryReturnsAtLeastOneSeries() throws Exception {
        List<String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThan(10);
        IssuedKey key = TestKeys.create(DB);
        ApiClient client = TestApp.client(APP);
        traffic(client, key);

        Path work = Files.createTempDirectory("prometheus-test");
        int port = freePort();
        Files.writeString(work.resolve("prometheus.yml"), Files.readString(SCRAPE_CONFIG)
                .replace("127.0.0.1:8081", "127.0.0.1:" + APP.getAdminPort())
                .replace("scrape_interval: 15s", "scrape_interval: 1s"));
        Process prometheus = startPrometheus(work, port);
        try {
            String base = "http://127.0.0.1:" + port;
            awaitReady(base, prometheus);
            awaitScraped(base);
            // rate() needs two samples inside its window, with traffic between them.
            Instant until = Instant.now().plusSeconds(5);
            while (Instant.now().isBefore(until)) {
                traffic(client, key);
                Thread.sleep(250);
            }
            List<String> empty = new ArrayList<>();
            for (String query : queries) {
                JsonNode answer = query(base, query);
                if (!"success".equals(answer.path("status").asText()) || answer.path("data").path("result").isEmpty()) {
                    empty.add(query + " -> " + answer);
                }
            }
            assertThat(empty).as("dashboard queries without a series").isEmpty();
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Every {@code expr} of every panel, with Grafana's interval variables given a concrete window. */
    private List<String> dashboardQueries() throws IOException {
        List<String> queries = new ArrayList<>();
        for (JsonNode expr : json.readTree(DASHBOARD.toFile()).findValues("expr")) {
            queries.add(expr.asText().replace("$__rate_interval", "1m").replace("$__interval", "1m"));
        }
        return queries;
    }

    private static void traffic(ApiClient client, IssuedKey key) {
        for (int i = 0; i < 5; i++) {
            client.post("/v1/real-world-behavior", key.plaintext(), BODY);
            client.get("/v1/nope", key.plaintext());
        }
    }

    private static Process startPrometheus(Path work, int port) throws IOException {
        try {
            return new ProcessBuilder(PROMETHEUS, "--config.file=" + work.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("prometheus.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("the 'prometheus' binary is needed (Debian: apt-get install prometheus;"
                    + " or set PROMETHEUS_BIN)", e);
        }
    }

    private void awaitReady(String base, Process prometheus) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            assertThat(prometheus.isAlive()).as("prometheus exited early").isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("prometheus not ready after 30 s");
    }

    /** Prometheus hands new targets to its scrapers every 5 s; wait for the first successful scrape. */
    private void awaitScraped(String base) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode targets = null;
        while (Instant.now().isBefore(deadline)) {
            targets = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/targets")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("data").path("activeTargets");
            if (targets.size() == 1 && "up".equals(targets.get(0).path("health").asText())) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the service was not scraped successfully within 30 s: " + targets);
    }

    private JsonNode query(String base, String promql) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build();
        return json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
