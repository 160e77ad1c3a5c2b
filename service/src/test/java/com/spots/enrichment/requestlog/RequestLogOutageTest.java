package com.spots.enrichment.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.TcpProxy;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestEnvironment;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The writer's own connections go through a proxy the test cuts, while the API keeps using the database
 * directly: partners see no difference, entries wait and are written after recovery, and only entries beyond
 * the queue bound are dropped, each one counted.
 */
class RequestLogOutageTest {

    private static DropwizardTestSupport<EnrichmentConfiguration> app(TestDatabase db, TcpProxy proxy,
                                                                       int queueCapacity, int batchSize) {
        return RequestLogCompletenessTest.app(db,
                ConfigOverride.config("requestLog.queueCapacity", Integer.toString(queueCapacity)),
                ConfigOverride.config("requestLog.batchSize", Integer.toString(batchSize)),
                ConfigOverride.config("requestLog.flushInterval", "20ms"),
                ConfigOverride.config("requestLog.retryMinBackoff", "50ms"),
                ConfigOverride.config("requestLog.retryMaxBackoff", "500ms"),
                ConfigOverride.config("requestLog.database.driverClass", "org.postgresql.Driver"),
                ConfigOverride.config("requestLog.database.url", "jdbc:postgresql://127.0.0.1:" + proxy.port()
                        + "/" + db.name()),
                ConfigOverride.config("requestLog.database.user", TestEnvironment.databaseUser()),
                ConfigOverride.config("requestLog.database.password", TestEnvironment.databasePassword()),
                ConfigOverride.config("requestLog.database.maxWaitForConnection", "1s"),
                ConfigOverride.config("requestLog.database.checkConnectionOnBorrow", "true"),
                ConfigOverride.config("requestLog.database.properties.connectTimeout", "2"),
                ConfigOverride.config("requestLog.database.properties.socketTimeout", "5"));
    }

    @Test
    void belowTheBoundEveryEntryIsWrittenAfterTheDatabaseComesBack() throws Exception {
        TestDatabase db = TestDatabase.migrated();
        IssuedKey key = TestKeys.createUnthrottled(db);
        try (TcpProxy proxy = new TcpProxy(TestEnvironment.databaseHost(), TestEnvironment.databasePort())) {
            DropwizardTestSupport<EnrichmentConfiguration> app = app(db, proxy, 10_000, 100);
            app.before();
            try {
                proxy.cut();
                Traffic.Result traffic = Traffic.send(app.getLocalPort(), key.plaintext(), 2_000, 4);

                assertThat(traffic.statuses()).isEqualTo(Map.of(501, 1_000L, 404, 1_000L));
                await(() -> requestLogHealth(app).contains("\"request-log\":{\"healthy\":false"));
                assertThat(requestLogHealth(app)).contains("request-log writes failing");
                assertThat(LoggedRow.countForKey(db, key.id())).isZero();

                proxy.start();

                assertThat(LoggedRow.awaitCount(db, key.id(), 2_000, Duration.ofSeconds(30))).isEqualTo(2_000);
                assertThat(RequestLogCompletenessTest.requestIds(db, key)).containsExactlyInAnyOrderElementsOf(
                        traffic.requestIds());
                assertThat(dropped(app)).isZero();
                await(() -> requestLogHealth(app).contains("\"request-log\":{\"healthy\":true"));
            } finally {
                app.after();
            }
        }
    }

    @Test
    void beyondTheBoundTheDropCounterEqualsTheShortfall() throws Exception {
        TestDatabase db = TestDatabase.migrated();
        IssuedKey key = TestKeys.createUnthrottled(db);
        int sent = 1_000;
        try (TcpProxy proxy = new TcpProxy(TestEnvironment.databaseHost(), TestEnvironment.databasePort())) {
            DropwizardTestSupport<EnrichmentConfiguration> app = app(db, proxy, 100, 10);
            app.before();
            try {
                proxy.cut();
                Traffic.Result traffic = Traffic.send(app.getLocalPort(), key.plaintext(), sent, 4);

                assertThat(traffic.statuses()).isEqualTo(Map.of(501, 500L, 404, 500L));
                assertThat(requestLogHealth(app)).contains("\"request-log\":{\"healthy\":false");
                proxy.start();
                await(() -> LoggedRow.countForKey(db, key.id()) + dropped(app) == sent);

                long written = LoggedRow.countForKey(db, key.id());
                assertThat(dropped(app)).isPositive().isEqualTo(sent - written);
                // What the queue held (its capacity, plus the batch in the writer's hands) was kept.
                assertThat(written).isBetween(100L, 110L);
            } finally {
                app.after();
            }
        }
    }

    private static long dropped(DropwizardTestSupport<EnrichmentConfiguration> app) {
        return app.getEnvironment().metrics().meter("enrichment.requestlog.dropped").getCount();
    }

    private static String requestLogHealth(DropwizardTestSupport<EnrichmentConfiguration> app) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.getAdminPort() + "/healthcheck")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition still false after 30 s").isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
