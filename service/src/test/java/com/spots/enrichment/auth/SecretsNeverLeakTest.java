package com.spots.enrichment.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.MetricRegistry;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient;
import com.spots.enrichment.testing.Commands;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestEnvironment;
import com.spots.enrichment.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * A plaintext key exists only in the one output of `keys create`/`rotate`: after a key's whole life (used,
 * misused in a query string, rotated, revoked) it is in no table, no log line, no metric and no exception.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SecretsNeverLeakTest {

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.instance("secrets", DB,
            TestEnvironment::redisUrl, Map.of("logging.level", "DEBUG", "apiKeys.lastUsedFlushInterval", "100ms"));

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

    @BeforeEach
    void captureEveryLogLine() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        captured.setContext(root.getLoggerContext());
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void stopCapturing() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(captured);
    }

    @Test
    void aKeysPlaintextAppearsInNoTableLogLineMetricOrException() throws Exception {
        TestKeys.IssuedKey key = TestKeys.create(DB);
        String rotatedPlaintext = Commands.run(DB, "keys", "rotate", "--id", key.id().toString(), "--grace", "1h")
                .orFail().field("key");
        List<String> secrets = List.of(key.plaintext(), rotatedPlaintext,
                key.plaintext().substring(key.plaintext().length() - 32), rotatedPlaintext.substring(rotatedPlaintext.length() - 32));

        ApiClient client = TestApp.client(APP);
        String body = "{\"user_segment\":{\"segment_id\":\"leak-check\"}}";
        List<String> answers = new ArrayList<>();
        for (String plaintext : List.of(key.plaintext(), rotatedPlaintext)) {
            answers.add(client.post("/v1/real-world-behavior", plaintext, body).body());
            answers.add(client.post("/v1/real-world-behavior?api_key=" + plaintext, null, body).body());
            answers.add(client.send("POST", "/v1/real-world-behavior", Map.of("Authorization", "ApiKey " + plaintext,
                    "Content-Type", "application/json"), "{broken".getBytes(), false).body());
            answers.add(client.get("/v1/no-such-endpoint?token=" + plaintext, plaintext).body());
            answers.add(client.post("/v1/real-world-behavior", plaintext + "x", body).body());
        }
        Commands.run(DB, "keys", "revoke", "--id", key.id().toString()).orFail();
        answers.add(client.post("/v1/real-world-behavior", key.plaintext(), body).body());
        Commands.Result list = Commands.run(DB, "keys", "list").orFail();
        Thread.sleep(300); // let the last-used flush run, so its statements are covered too

        for (String secret : secrets) {
            assertThat(answers).as("responses").noneMatch(a -> a.contains(secret));
            assertThat(list.stdout() + list.stderr()).as("keys list").doesNotContain(secret);
            assertThat(everyTableAsText()).as("database").doesNotContain(secret);
            assertThat(logLines()).as("log lines").noneMatch(l -> l.contains(secret));
            assertThat(metricsText()).as("metrics").doesNotContain(secret);
        }
        assertThat(logLines()).as("the capture saw the requests").isNotEmpty();
    }

    private List<String> logLines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : captured.list) {
            lines.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        return lines;
    }

    private String metricsText() throws Exception {
        MetricRegistry registry = APP.getEnvironment().metrics();
        String names = String.join("\n", registry.getNames());
        HttpResponse<String> admin = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return names + "\n" + admin.body();
    }

    private static String everyTableAsText() {
        StringBuilder all = new StringBuilder();
        try (Handle h = DB.jdbi().open()) {
            for (String table : h.createQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                    .mapTo(String.class).list()) {
                h.createQuery("SELECT t::text FROM " + table + " t").mapTo(String.class).forEach(row -> all.append(row).append('\n'));
            }
        }
        return all.toString();
    }
}
