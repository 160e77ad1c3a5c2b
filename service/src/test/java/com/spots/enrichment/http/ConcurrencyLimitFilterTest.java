package com.spots.enrichment.http;

import static com.spots.enrichment.testing.Envelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.Envelope;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Admission on the application port, one slot and a line of one: a request holds the slot for real by waiting on a
 * table another transaction has locked (a key seen for the first time is looked up in api_keys while holding it).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConcurrencyLimitFilterTest {

    private static final long MAX_WAIT_MILLIS = 1500;
    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB,
            ConfigOverride.config("api.concurrency.maxActiveRequests", "1"),
            ConfigOverride.config("api.concurrency.maxQueuedRequests", "1"),
            ConfigOverride.config("api.concurrency.maxQueueWait", MAX_WAIT_MILLIS + "ms"));

    @Test
    void aRequestArrivingWhileTheSlotIsTakenWaitsInLineAndItsWaitCountsInItsProcessingTime() throws Exception {
        IssuedKey waiting = TestKeys.create(DB);
        try (Hold hold = holdTheSlot()) {
            long sent = System.nanoTime();
            CompletableFuture<Answer> queued = CompletableFuture.supplyAsync(
                    () -> TestApp.client(APP).get("/v1/usage", waiting.plaintext()));
            await(() -> gauge("enrichment.concurrency.queued") == 1);
            Thread.sleep(300);
            assertThat(queued).isNotDone();
            hold.release();

            Answer answer = queued.get(10, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().path("metadata").path("processing_time_ms").asLong()).isGreaterThanOrEqualTo(300)
                    .isLessThanOrEqualTo(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
        }
    }

    @Test
    void aRequestFindingTheLineFullIsRefusedAtOnceWith503RetryAfterAndNoQuotaUsed() throws Exception {
        IssuedKey refused = TestKeys.create(DB);
        try (Hold hold = holdTheSlot()) {
            CompletableFuture<Answer> queued = CompletableFuture.supplyAsync(
                    () -> TestApp.client(APP).get("/v1/openapi.json", null));
            await(() -> gauge("enrichment.concurrency.queued") == 1);

            long sent = System.nanoTime();
            Answer answer = TestApp.client(APP).get("/v1/usage", refused.plaintext());
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isLessThan(MAX_WAIT_MILLIS);
            assertError(answer, 503, "SERVICE_UNAVAILABLE");
            Envelope.assertMetadata(answer);
            assertThat(answer.header("Retry-After")).hasValue("1");
            assertThat(answer.json().path("error").path("details").path("retry_after_seconds").asLong()).isEqualTo(1);
            assertThat(answer.header("X-RateLimit-Remaining-Minute")).isEmpty();
            hold.release();
            assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        Answer usage = TestApp.client(APP).get("/v1/usage", refused.plaintext());
        assertThat(usage.json().path("data").path("windows").path("minute").path("used").asLong())
                .as("only this request counts: %s", usage.body()).isEqualTo(1);
    }

    @Test
    void aRefusalCarriesTheCorsHeadersABrowserNeedsToReadIt() throws Exception {
        try (Hold hold = holdTheSlot(); Queued queued = fillTheLine()) {
            Answer answer = TestApp.client(APP).send("GET", "/v1/openapi.json",
                    Map.of("Origin", "https://shop.example"), null, false);

            assertError(answer, 503, "SERVICE_UNAVAILABLE");
            assertThat(answer.header("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(answer.header("Access-Control-Expose-Headers").orElseThrow()).contains("Retry-After");
            hold.release();
        }
    }

    @Test
    void aCorsPreflightIsAnsweredWhileTheLineIsFull() throws Exception {
        try (Hold hold = holdTheSlot(); Queued queued = fillTheLine()) {
            Answer answer = TestApp.client(APP).send("OPTIONS", "/v1/real-world-behavior",
                    Map.of("Origin", "https://shop.example", "Access-Control-Request-Method", "POST"), null, false);

            assertThat(answer.status()).isEqualTo(204);
            assertThat(answer.header("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
            hold.release();
        }
    }

    @Test
    void aRequestWaitingLongerThanTheMaximumWaitIsRefused() throws Exception {
        try (Hold hold = holdTheSlot()) {
            long sent = System.nanoTime();
            Answer answer = TestApp.client(APP).get("/v1/openapi.json", null);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

            assertError(answer, 503, "SERVICE_UNAVAILABLE");
            assertThat(waited).isGreaterThanOrEqualTo(MAX_WAIT_MILLIS);
            hold.release();
        }
    }

    @Test
    void aRequestWaitingOnItsAggregateComputationGivesTheSlotToTheNextRequest() throws Exception {
        IssuedKey computing = TestKeys.create(DB);
        IssuedKey next = TestKeys.create(DB);
        assertThat(TestApp.client(APP).get("/v1/usage", computing.plaintext()).status()).isEqualTo(200);
        assertThat(TestApp.client(APP).get("/v1/usage", next.plaintext()).status()).isEqualTo(200);
        try (Handle lock = DB.jdbi().open()) {
            lock.begin();
            lock.execute("LOCK TABLE personality_profiles IN ACCESS EXCLUSIVE MODE");
            CompletableFuture<Answer> cold = CompletableFuture.supplyAsync(() -> TestApp.client(APP).post(
                    "/v1/quantum-personality", computing.plaintext(),
                    "{\"user_segment\":{\"segment_id\":\"slot\",\"geographic_region\":\"austin\"},"
                            + "\"product_quantum_state\":{\"category\":\"cafe\"}}"));
            awaitLockWait();

            Answer meanwhile = TestApp.client(APP).get("/v1/usage", next.plaintext());
            assertThat(meanwhile.status()).as(meanwhile.body()).isEqualTo(200);
            assertThat(cold).isNotDone();
            lock.commit();
            assertError(cold.get(10, TimeUnit.SECONDS), 422, "INSUFFICIENT_DATA");
        }
    }

    /** A request holding the one slot until {@link Hold#release()}: a new key's lookup waits on locked api_keys. */
    private static Hold holdTheSlot() {
        IssuedKey unseen = TestKeys.create(DB);
        Handle lock = DB.jdbi().open();
        lock.begin();
        lock.execute("LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE");
        CompletableFuture<Answer> holder = CompletableFuture.supplyAsync(
                () -> TestApp.client(APP).get("/v1/usage", unseen.plaintext()));
        awaitLockWait();
        assertThat(gauge("enrichment.concurrency.active")).isEqualTo(1);
        return new Hold(lock, holder);
    }

    /** A request waiting in the line of one (while the slot is held), answered once the slot comes free. */
    private static Queued fillTheLine() {
        CompletableFuture<Answer> queued = CompletableFuture.supplyAsync(
                () -> TestApp.client(APP).get("/v1/openapi.json", null));
        await(() -> gauge("enrichment.concurrency.queued") == 1);
        return new Queued(queued);
    }

    private record Queued(CompletableFuture<Answer> answer) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            assertThat(answer.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    private record Hold(Handle lock, CompletableFuture<Answer> holder) implements AutoCloseable {

        void release() throws Exception {
            if (lock.isInTransaction()) {
                lock.commit();
            }
            Answer answer = holder.get(10, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        }

        @Override
        public void close() throws Exception {
            try {
                release();
            } finally {
                lock.close();
            }
        }
    }

    private static void awaitLockWait() {
        try (Handle observer = DB.jdbi().open()) {
            await(() -> observer.createQuery("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND wait_event_type = 'Lock'").mapTo(Long.class).one() > 0);
        }
    }

    private static int gauge(String name) {
        return (Integer) ((Gauge<?>) APP.getEnvironment().metrics().getGauges().get(name)).getValue();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 10 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
