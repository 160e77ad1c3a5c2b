package com.spots.enrichment.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.spots.enrichment.auth.ApiKeyPrincipal;
import com.spots.enrichment.ratelimit.RateLimitDecision.Outcome;
import com.spots.enrichment.redis.RedisFactory;
import com.spots.enrichment.testing.Concurrently;
import com.spots.enrichment.testing.TestEnvironment;
import io.dropwizard.util.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The limiter against the real Redis, without HTTP: its decisions compared with the sliding-window definition
 * on the Redis timestamps it reports, with windows of a second instead of a minute.
 */
class SlidingWindowsTest {

    private static final UnifiedJedis REDIS = redis();

    @AfterAll
    static void close() {
        REDIS.close();
    }

    private static UnifiedJedis redis() {
        RedisFactory factory = new RedisFactory();
        factory.setUrl(TestEnvironment.redisUrl());
        factory.setSocketTimeout(Duration.seconds(2));
        factory.setConnectTimeout(Duration.seconds(2));
        return factory.build();
    }

    private static RateLimiter limiter(String minute, String day, int exactLimitThreshold, int buckets) {
        RateLimitFactory factory = new RateLimitFactory();
        factory.setNamespace("test:rl:" + UUID.randomUUID().toString().substring(0, 8));
        factory.setMinuteWindow(Duration.parse(minute));
        factory.setDayWindow(Duration.parse(day));
        factory.setExactLimitThreshold(exactLimitThreshold);
        factory.setBuckets(buckets);
        return factory.build(REDIS, new MetricRegistry());
    }

    private static ApiKeyPrincipal key(int perMinute, int perDay) {
        return new ApiKeyPrincipal(UUID.randomUUID(), "p", perMinute, perDay, null, false);
    }

    private static long countIn(List<Instant> times, Instant fromExclusive, Instant toInclusive) {
        return times.stream().filter(t -> t.isAfter(fromExclusive) && !t.isAfter(toInclusive)).count();
    }

    /** Irregular traffic with bursts, over several window lengths. */
    private static void traffic(long millis, Runnable request) {
        Random random = new Random(42);
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            int burst = random.nextInt(10) == 0 ? 1 + random.nextInt(6) : 1;
            for (int i = 0; i < burst; i++) {
                request.run();
            }
            sleep(random.nextInt(90));
        }
    }

    @Test
    void theExactLogAdmitsARequestIffFewerThanTheLimitWereAdmittedInTheWindowBeforeIt() {
        RateLimiter limiter = limiter("1s", "30s", 1000, 60);
        ApiKeyPrincipal key = key(5, 1000);
        java.time.Duration window = java.time.Duration.ofSeconds(1);
        List<Instant> admitted = new ArrayList<>();
        int[] outcomes = new int[2];
        traffic(3500, () -> {
            RateLimitDecision d = limiter.check(key);
            long before = countIn(admitted, d.now().minus(window), d.now());
            assertThat(d.outcome()).as("at %s with %d admitted in the window before", d.now(), before)
                    .isEqualTo(before < 5 ? Outcome.ADMITTED : Outcome.REFUSED);
            if (d.outcome() == Outcome.ADMITTED) {
                admitted.add(d.now());
                outcomes[0]++;
            } else {
                outcomes[1]++;
            }
            assertThat(d.window("minute").used()).isEqualTo(countIn(admitted, d.now().minus(window), d.now()));
        });
        assertThat(outcomes[0]).as("admitted").isGreaterThan(10);
        assertThat(outcomes[1]).as("refused").isGreaterThan(10);
    }

    @Test
    void aRefusalSaysWhenTheWindowAdmitsAgainAndItDoesThen() {
        RateLimiter limiter = limiter("1s", "30s", 1000, 60);
        ApiKeyPrincipal key = key(3, 1000);
        Instant first = limiter.check(key).now();
        sleep(300);
        limiter.check(key);
        limiter.check(key);
        RateLimitDecision refused = limiter.check(key);

        assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.window("minute").retryAt()).isEqualTo(first.plusSeconds(1));
        assertThat(refused.window("minute").releaseAt()).isEqualTo(first.plusSeconds(1));
        sleep(java.time.Duration.between(refused.now(), first.plusSeconds(1)).toMillis() + 20);
        RateLimitDecision again = limiter.check(key);
        assertThat(again.outcome()).isEqualTo(Outcome.ADMITTED);
        assertThat(again.window("minute").used()).isEqualTo(3);
    }

    @Test
    void refusedRequestsAreNotRecordedInAnyWindow() {
        RateLimiter limiter = limiter("1s", "30s", 1000, 60);
        ApiKeyPrincipal key = key(3, 1000);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.check(key).outcome()).isEqualTo(Outcome.ADMITTED);
        }
        for (int i = 0; i < 20; i++) {
            RateLimitDecision d = limiter.check(key);
            assertThat(d.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(d.window("day").used()).isEqualTo(3);
        }
        WindowSpec minute = limiter.windows().get(0);
        WindowSpec day = limiter.windows().get(1);
        assertThat(REDIS.zcard(limiter.redisKey(key, minute, 0))).isEqualTo(3);
        assertThat(REDIS.zcard(limiter.redisKey(key, day, 0))).isEqualTo(3);
    }

    @Test
    void bucketedWindowsNeverAdmitMoreThanTheLimitAndRefuseOnlyWhenItWasReachedWithinOneBucketMore() {
        int buckets = 10;
        RateLimiter limiter = limiter("1s", "30s", 0, buckets);
        ApiKeyPrincipal key = key(5, 100_000);
        java.time.Duration window = java.time.Duration.ofSeconds(1);
        java.time.Duration bucket = window.dividedBy(buckets);
        List<Instant> admitted = new ArrayList<>();
        int[] refusals = new int[1];
        traffic(3500, () -> {
            RateLimitDecision d = limiter.check(key);
            if (d.outcome() == Outcome.ADMITTED) {
                admitted.add(d.now());
                assertThat(countIn(admitted, d.now().minus(window), d.now())).as("admitted in the window").isLessThanOrEqualTo(5);
            } else {
                refusals[0]++;
                assertThat(countIn(admitted, d.now().minus(window).minus(bucket), d.now()))
                        .as("admitted in the window and one bucket before it").isGreaterThanOrEqualTo(5);
            }
        });
        assertThat(refusals[0]).isGreaterThan(10);
        assertThat(admitted).hasSizeGreaterThan(10);
    }

    @Test
    void bucketedWindowsAdmitExactlyTheLimitOfConcurrentRequests() {
        RateLimiter limiter = limiter("60s", "24h", 0, 60);
        ApiKeyPrincipal key = key(100, 100_000);
        List<Outcome> outcomes = Concurrently.run(300, i -> limiter.check(key).outcome());
        assertThat(outcomes).filteredOn(o -> o == Outcome.ADMITTED).hasSize(100);
        assertThat(outcomes).filteredOn(o -> o == Outcome.REFUSED).hasSize(200);
    }

    @Test
    void aWindowSpansAtMostItsBucketCountOfBucketWidths() {
        // 1 s and 7 s do not divide into 60 buckets; a width rounded down would let 62 buckets overlap a window
        RateLimiter limiter = limiter("1s", "7s", 0, 60);
        for (WindowSpec window : limiter.windows()) {
            long width = limiter.bucketWidthMicros(window, 1_000_000);
            assertThat(width * 60).as(window.name()).isGreaterThanOrEqualTo(window.lengthMicros());
            assertThat(width * 59).as(window.name()).isLessThan(window.lengthMicros());
        }
    }

    @Test
    void memoryPerKeyStaysBoundedWhateverTheLimit() {
        int buckets = 60;
        RateLimiter limiter = limiter("1s", "2s", 1000, buckets);
        ApiKeyPrincipal key = key(1_000_000, 1_000_000);
        long end = System.nanoTime() + 2_500_000_000L;
        int requests = 0;
        while (System.nanoTime() < end) {
            assertThat(limiter.check(key).outcome()).isEqualTo(Outcome.ADMITTED);
            requests++;
        }
        assertThat(requests).isGreaterThan(1000);
        for (WindowSpec window : limiter.windows()) {
            String redisKey = limiter.redisKey(key, window, limiter.bucketWidthMicros(window, 1_000_000));
            assertThat(REDIS.hlen(redisKey)).as("buckets and 3 bookkeeping fields").isLessThanOrEqualTo(buckets + 1 + 3);
            assertThat(REDIS.memoryUsage(redisKey)).as("bytes for %s", redisKey).isLessThan(2048);
        }
    }

    @Test
    void aBucketedWindowOutlivesItsNewestBucketAndThenExpires() {
        // 1 s windows of 10 buckets: a bucket counts until one window and one bucket (1.1 s) after it opened
        RateLimiter limiter = limiter("1s", "2s", 0, 10);
        ApiKeyPrincipal key = key(1_000_000, 1_000_000);
        WindowSpec minute = limiter.windows().get(0);
        String redisKey = limiter.redisKey(key, minute, limiter.bucketWidthMicros(minute, 1_000_000));
        long end = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < end) {
            long before = System.nanoTime();
            assertThat(limiter.check(key).outcome()).isEqualTo(Outcome.ADMITTED);
            long ttl = REDIS.pttl(redisKey);
            long elapsedMillis = (System.nanoTime() - before) / 1_000_000;
            // set when a bucket opens (at most one bucket, 100 ms, before the request): the key lives at least until
            // that bucket has left the window, and never longer than one window and one bucket
            assertThat(ttl).isBetween(1000L - 100 - elapsedMillis, 1100L);
            sleep(7);
        }
        sleep(1200);
        assertThat(REDIS.exists(redisKey)).as("gone once its newest bucket left the window").isFalse();
    }

    @Test
    void theExactLogKeepsNoMoreEntriesThanTheLimit() {
        RateLimiter limiter = limiter("1s", "30s", 1000, 60);
        ApiKeyPrincipal key = key(50, 1000);
        for (int i = 0; i < 200; i++) {
            limiter.check(key);
        }
        WindowSpec minute = limiter.windows().get(0);
        assertThat(REDIS.zcard(limiter.redisKey(key, minute, 0))).isEqualTo(50);
    }

    @Test
    void bothWindowsOfAKeyLiveInOneClusterSlot() {
        RateLimiter limiter = limiter("60s", "24h", 1000, 60);
        ApiKeyPrincipal key = key(100, 100_000);
        String minute = limiter.redisKey(key, limiter.windows().get(0), 0);
        String day = limiter.redisKey(key, limiter.windows().get(1), limiter.bucketWidthMicros(limiter.windows().get(1), 100_000));
        assertThat(minute).contains("{" + key.keyId() + "}");
        assertThat(JedisClusterCRC16.getSlot(minute)).isEqualTo(JedisClusterCRC16.getSlot(day));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
