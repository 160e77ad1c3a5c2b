package com.spots.enrichment.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.HealthChecks;
import com.spots.enrichment.testing.RedisServers;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * A private redis-server, killed and restarted under two running instances: one failing open (the default),
 * one failing closed. Also SCRIPT FLUSH under load. The socket timeout is raised from 50 ms to 1 s: these
 * tests are about a dead server, and a 50 ms read on this shared machine could time out for unrelated reasons.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RedisOutageTest {

    private static final RedisServers SERVERS = new RedisServers();
    private static final RedisServers.Server REDIS = SERVERS.start();
    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> OPEN = TestApp.instance("open", DB, REDIS::url,
            Map.of("rateLimit.failureMode", "open", "redis.socketTimeout", "1s"));
    private static final DropwizardAppExtension<EnrichmentConfiguration> CLOSED = TestApp.instance("closed", DB, REDIS::url,
            Map.of("rateLimit.failureMode", "closed", "redis.socketTimeout", "1s"));
    /** The configured 50 ms timeouts, failing open: for a hung Redis. */
    private static final DropwizardAppExtension<EnrichmentConfiguration> HUNG = TestApp.instance("hung", DB, REDIS::url,
            Map.of("rateLimit.failureMode", "open"));
    private static final String INVALID_BODY = "{\"user_segment\":{}}";

    @AfterEach
    void redisIsBack() {
        REDIS.pause(false);
        REDIS.start();
    }

    @AfterAll
    static void stopRedis() {
        SERVERS.close();
    }

    private static IssuedKey key(int perMinute) {
        return TestKeys.create(DB, TestKeys.uniquePartner("outage"), "--per-minute", Integer.toString(perMinute));
    }

    @Test
    void failingOpenAdmitsEveryRequestWithoutA5xxWhileRedisIsDown() {
        IssuedKey key = key(2);
        ApiClient client = TestApp.client(OPEN);
        assertThat(client.get("/v1/usage", key.plaintext()).status()).isEqualTo(200);
        long errors = OPEN.getEnvironment().metrics().meter("ratelimit.redis-errors").getCount();

        REDIS.kill();
        List<Answer> during = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            during.add(client.get("/v1/usage", key.plaintext()));
            during.add(client.post("/v1/real-world-behavior", key.plaintext(), INVALID_BODY));
        }

        assertThat(during).extracting(Answer::status).containsOnly(200, 400);
        Answer usage = during.get(0);
        assertThat(usage.json().path("data").path("rate_limiting").asText()).isEqualTo("unavailable");
        assertThat(usage.json().path("data").path("windows").path("minute").path("limit").asInt()).isEqualTo(2);
        assertThat(usage.header("X-RateLimit-Limit-Minute")).hasValue("2");
        assertThat(usage.header("X-RateLimit-Remaining-Minute")).isEmpty();
        assertThat(OPEN.getEnvironment().metrics().meter("ratelimit.redis-errors").getCount())
                .isGreaterThanOrEqualTo(errors + during.size());
    }

    @Test
    void failingOpenTheRedisHealthCheckIsUnhealthyWhileRedisIsDownAndHealthyAfter() {
        REDIS.kill();
        JsonNode down = HealthChecks.of(OPEN);
        assertThat(down.path("redis").path("healthy").asBoolean()).isFalse();

        REDIS.start();
        await(() -> HealthChecks.of(OPEN), h -> h.path("redis").path("healthy").asBoolean(), Duration.ofSeconds(10));
    }

    @Test
    void failingOpenLimitsApplyAgainOnceRedisIsBack() {
        IssuedKey key = key(2);
        ApiClient client = TestApp.client(OPEN);
        REDIS.kill();
        assertThat(client.get("/v1/usage", key.plaintext()).status()).isEqualTo(200);
        REDIS.start();

        // A restarted Redis has neither the windows nor the script: both come back without a restart of ours.
        Answer checked = await(() -> client.get("/v1/usage", key.plaintext()),
                a -> a.header("X-RateLimit-Remaining-Minute").isPresent(), Duration.ofSeconds(10));
        assertThat(checked.status()).isEqualTo(200);
        assertThat(client.get("/v1/usage", key.plaintext()).status()).isIn(200, 429);
        assertThat(client.get("/v1/usage", key.plaintext()).status()).isEqualTo(429);
    }

    @Test
    void aHungRedisDelaysNoRequestBeyondTheShortTimeouts() {
        IssuedKey key = key(100);
        ApiClient client = TestApp.client(HUNG);
        assertThat(client.get("/v1/usage", key.plaintext()).status()).isEqualTo(200);

        REDIS.pause(true);
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Answer answer = client.get("/v1/usage", key.plaintext());
            long millis = (System.nanoTime() - start) / 1_000_000L;
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().path("data").path("rate_limiting").asText()).isEqualTo("unavailable");
            // 50 ms connect and read timeouts; the bound leaves room for a busy test machine.
            assertThat(millis).as("milliseconds for a request while Redis hangs").isLessThan(1000);
        }
        REDIS.pause(false);
        await(() -> client.get("/v1/usage", key.plaintext()),
                a -> a.header("X-RateLimit-Remaining-Minute").isPresent(), Duration.ofSeconds(10));
    }

    @Test
    void failingClosedAnswers503WithRetryAfterWhileRedisIsDownAndRecovers() {
        IssuedKey key = key(5);
        ApiClient client = TestApp.client(CLOSED);
        assertThat(client.get("/v1/usage", key.plaintext()).status()).isEqualTo(200);

        REDIS.kill();
        Answer refused = client.get("/v1/usage", key.plaintext());
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.errorCode()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(refused.header("Retry-After")).hasValue("5");
        assertThat(refused.json().path("error").path("message").asText()).doesNotContain("127.0.0.1", "Jedis");

        REDIS.start();
        Answer back = await(() -> client.get("/v1/usage", key.plaintext()), a -> a.status() == 200, Duration.ofSeconds(10));
        assertThat(back.header("X-RateLimit-Remaining-Minute")).isPresent();
    }

    @Test
    void theFirstRequestAfterARedisRestartIsAlreadyCheckedNotFailedOnAStaleConnection() {
        IssuedKey key = key(50);
        ApiClient client = TestApp.client(CLOSED);
        // Leave several idle connections in the pool, all of which the restart will kill.
        assertThat(com.spots.enrichment.testing.Concurrently.run(10, i -> client.get("/v1/usage", key.plaintext()).status()))
                .containsOnly(200);
        REDIS.kill();
        REDIS.start();

        Answer first = client.get("/v1/usage", key.plaintext());
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("data").path("windows").path("minute").path("used").asLong()).isEqualTo(1);
    }

    @Test
    void scriptFlushUnderLoadIsInvisibleToPartners() throws InterruptedException {
        IssuedKey key = key(60);
        ApiClient client = TestApp.client(CLOSED);
        long errors = CLOSED.getEnvironment().metrics().meter("ratelimit.redis-errors").getCount();
        long evals = commandCalls("eval");
        AtomicBoolean running = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger flushes = new java.util.concurrent.atomic.AtomicInteger();
        Thread flusher = new Thread(() -> {
            try (Jedis jedis = REDIS.connect()) {
                while (running.get()) {
                    jedis.scriptFlush();
                    flushes.incrementAndGet();
                    sleep(20);
                }
            }
        });
        flusher.start();
        List<Integer> statuses = new ArrayList<>();
        try {
            // at least 120 requests, and on until the script has been flushed many times under them
            for (int i = 0; (i < 120 || flushes.get() <= 10) && i < 20_000; i++) {
                statuses.add(client.get("/v1/usage", key.plaintext()).status());
            }
        } finally {
            running.set(false);
            flusher.join();
        }
        assertThat(statuses.subList(0, 60)).containsOnly(200);
        assertThat(statuses.subList(60, statuses.size())).containsOnly(429);
        assertThat(CLOSED.getEnvironment().metrics().meter("ratelimit.redis-errors").getCount()).isEqualTo(errors);
        assertThat(flushes.get()).isGreaterThan(10);
        assertThat(commandCalls("eval")).as("EVAL after NOSCRIPT").isGreaterThan(evals);
    }

    private static long commandCalls(String command) {
        try (Jedis jedis = REDIS.connect()) {
            return jedis.info("commandstats").lines()
                    .filter(l -> l.startsWith("cmdstat_" + command + ":"))
                    .map(l -> l.replaceAll("^[^:]+:calls=(\\d+),.*", "$1"))
                    .mapToLong(Long::parseLong).findFirst().orElse(0);
        }
    }

    private static <T> T await(Supplier<T> call, Predicate<T> done, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        T last = call.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            sleep(100);
            last = call.get();
        }
        assertThat(done.test(last)).as("condition reached within %s; last: %s", limit, last).isTrue();
        return last;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
