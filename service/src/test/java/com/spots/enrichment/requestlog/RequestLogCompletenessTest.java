package com.spots.enrichment.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.spots.enrichment.EnrichmentApplication;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.Commands;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestEnvironment;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/** Nothing accepted is lost: every authenticated request ends up as exactly one row. */
class RequestLogCompletenessTest {

    private static final int REQUESTS = 20_000;

    static DropwizardTestSupport<EnrichmentConfiguration> app(TestDatabase db, ConfigOverride... extra) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("database.url", db.url()),
                ConfigOverride.config("database.user", TestEnvironment.databaseUser()),
                ConfigOverride.config("database.password", TestEnvironment.databasePassword()),
                ConfigOverride.config("redis.url", TestEnvironment.redisUrl()),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("logging.level", "WARN")));
        overrides.addAll(List.of(extra));
        return new DropwizardTestSupport<>(EnrichmentApplication.class, Commands.CONFIG.toString(),
                overrides.toArray(ConfigOverride[]::new));
    }

    @Test
    void twentyThousandRequestsGiveTwentyThousandRowsWithTheirRequestIds() throws Exception {
        TestDatabase db = TestDatabase.migrated();
        IssuedKey key = TestKeys.createUnthrottled(db);
        DropwizardTestSupport<EnrichmentConfiguration> app = app(db);
        app.before();
        try {
            Traffic.Result traffic = Traffic.send(app.getLocalPort(), key.plaintext(), REQUESTS, 8);

            assertThat(traffic.statuses()).isEqualTo(Map.of(501, (long) REQUESTS / 2, 404, (long) REQUESTS / 2));
            assertThat(LoggedRow.awaitCount(db, key.id(), REQUESTS, Duration.ofSeconds(60))).isEqualTo(REQUESTS);
            assertThat(requestIds(db, key)).isEqualTo(new HashSet<>(traffic.requestIds()));
        } finally {
            app.after();
        }
        assertThat(LoggedRow.countForKey(db, key.id())).isEqualTo(REQUESTS);
    }

    @Test
    void aGracefulStopRightAfterTheLastResponseLosesNoEntry() throws Exception {
        TestDatabase db = TestDatabase.migrated();
        IssuedKey key = TestKeys.createUnthrottled(db);
        DropwizardTestSupport<EnrichmentConfiguration> app = app(db);
        app.before();
        Traffic.Result traffic;
        // A lock held by the test blocks the writer's inserts, so the entries are still queued when the stop
        // begins; it is released a second into the stop.
        Handle lock = db.jdbi().open();
        try {
            lock.begin();
            lock.execute("LOCK TABLE api_request_logs IN EXCLUSIVE MODE");
            traffic = Traffic.send(app.getLocalPort(), key.plaintext(), REQUESTS, 8);
            Gauge<?> depth = app.getEnvironment().metrics().getGauges().get("enrichment.requestlog.queue-depth");
            assertThat(((Number) depth.getValue()).intValue()).isGreaterThan(REQUESTS / 2);
            Thread release = new Thread(() -> {
                sleep(1_000);
                lock.rollback();
            });
            release.start();
            app.after();
            release.join();
        } finally {
            lock.close();
        }

        assertThat(traffic.failures()).isZero();
        assertThat(traffic.requestIds()).hasSize(REQUESTS);
        assertThat(LoggedRow.countForKey(db, key.id())).isEqualTo(REQUESTS);
        assertThat(requestIds(db, key)).isEqualTo(new HashSet<>(traffic.requestIds()));
    }

    @Test
    void aBatchHeldUpLongerThanTheDatabaseSocketTimeoutIsWrittenOnce() throws Exception {
        TestDatabase db = TestDatabase.migrated();
        IssuedKey key = TestKeys.createUnthrottled(db);
        DropwizardTestSupport<EnrichmentConfiguration> app = app(db,
                ConfigOverride.config("database.properties.socketTimeout", "2"),
                ConfigOverride.config("requestLog.writeTimeout", "500ms"));
        app.before();
        try {
            Traffic.Result traffic;
            // the writer's inserts wait on this lock for longer than the 2 s the database section's clients wait
            Handle lock = db.jdbi().open();
            try {
                lock.begin();
                lock.execute("LOCK TABLE api_request_logs IN EXCLUSIVE MODE");
                traffic = Traffic.send(app.getLocalPort(), key.plaintext(), 200, 4);
                sleep(3_000);
                lock.rollback();
            } finally {
                lock.close();
            }
            assertThat(LoggedRow.awaitCount(db, key.id(), 200, Duration.ofSeconds(30))).isEqualTo(200);
            sleep(1_000); // an insert abandoned by its client would commit once the lock is gone
            assertThat(LoggedRow.countForKey(db, key.id())).isEqualTo(200);
            assertThat(requestIds(db, key)).isEqualTo(new HashSet<>(traffic.requestIds()));
        } finally {
            app.after();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Set<String> requestIds(TestDatabase db, IssuedKey key) {
        return new HashSet<>(db.jdbi().withHandle(h -> h.createQuery(
                "SELECT request_id FROM api_request_logs WHERE api_key_id = :k").bind("k", key.id())
                .mapTo(String.class).list()));
    }
}
