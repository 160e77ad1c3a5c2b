package com.spots.enrichment.ratelimit;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.spots.enrichment.auth.ApiKeyPrincipal;
import com.spots.enrichment.ratelimit.RateLimitDecision.Outcome;
import com.spots.enrichment.redis.StaleConnections;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Checks and records a key's minute and day windows in one atomic Redis script on Redis time, so every
 * instance shares the same windows whatever its own clock says. A window whose limit is at most
 * {@code exactLimitThreshold} is an exact log; a larger one is bucketed (see docs/rate-limiting.md).
 * Redis failures never escape: they become {@link Outcome#UNCHECKED}, and the failure mode decides.
 */
public class RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    private final UnifiedJedis redis;
    private final String namespace;
    private final RateLimitFactory.FailureMode failureMode;
    private final List<WindowSpec> windows;
    private final int exactLimitThreshold;
    private final int buckets;
    private final long errorLogIntervalNanos;
    private final SlidingWindowScript script = new SlidingWindowScript();
    private final PipelinedScriptCalls calls;
    private final AtomicLong lastErrorLogNanos = new AtomicLong();
    private final AtomicLong suppressedErrors = new AtomicLong();
    private final Timer checks;
    private final Meter admitted;
    private final Meter refused;
    private final Meter redisErrors;

    public RateLimiter(UnifiedJedis redis, String namespace, RateLimitFactory.FailureMode failureMode,
                       List<WindowSpec> windows, int exactLimitThreshold, int buckets,
                       Duration errorLogInterval, MetricRegistry metrics) {
        this.redis = redis;
        this.namespace = namespace;
        this.failureMode = failureMode;
        this.windows = List.copyOf(windows);
        this.exactLimitThreshold = exactLimitThreshold;
        this.buckets = buckets;
        this.errorLogIntervalNanos = errorLogInterval.toNanos();
        this.calls = new PipelinedScriptCalls(batch -> script.runAll(redis, batch));
        this.lastErrorLogNanos.set(System.nanoTime() - errorLogIntervalNanos);
        this.checks = metrics.timer("ratelimit.check");
        this.admitted = metrics.meter("ratelimit.admitted");
        this.refused = metrics.meter("ratelimit.refused");
        this.redisErrors = metrics.meter("ratelimit.redis-errors");
    }

    public RateLimitFactory.FailureMode failureMode() {
        return failureMode;
    }

    public List<WindowSpec> windows() {
        return windows;
    }

    /** Admits and records the request if both windows have room, else refuses it without recording. */
    public RateLimitDecision check(ApiKeyPrincipal key) {
        int[] limits = new int[windows.size()];
        List<String> keys = new ArrayList<>(windows.size());
        List<String> args = new ArrayList<>(3 * windows.size());
        for (int i = 0; i < windows.size(); i++) {
            WindowSpec window = windows.get(i);
            limits[i] = window.limitOf(key);
            long width = bucketWidthMicros(window, limits[i]);
            keys.add(redisKey(key, window, width));
            args.add(Integer.toString(limits[i]));
            args.add(Long.toString(window.lengthMicros()));
            args.add(Long.toString(width));
        }
        List<Long> reply;
        try (Timer.Context ignored = checks.time()) {
            reply = run(keys, args);
        } catch (JedisException | ClassCastException e) {
            redisErrors.mark();
            logFailure(e);
            return RateLimitDecision.unchecked();
        }
        RateLimitDecision decision = decode(reply, limits);
        (decision.outcome() == Outcome.ADMITTED ? admitted : refused).mark();
        return decision;
    }

    private List<Long> run(List<String> keys, List<String> args) {
        try {
            return calls.run(keys, args);
        } catch (JedisConnectionException e) {
            StaleConnections.discardIdle(redis);
            if (!StaleConnections.worthRetrying(e)) {
                throw e;
            }
            // Had the lost attempt been applied, the retry counts the request twice: it can only under-admit.
            return calls.run(keys, args);
        }
    }

    /** 0 (the exact log) while the limit is small enough, else the width of one bucket. */
    long bucketWidthMicros(WindowSpec window, int limit) {
        // rounded up: a window then spans at most `buckets` widths, so at most buckets + 1 are ever stored
        return limit <= exactLimitThreshold ? 0 : Math.max(1, (window.lengthMicros() + buckets - 1) / buckets);
    }

    /** The window's state: the key id is the hash tag, so both windows of a key share one cluster slot. */
    String redisKey(ApiKeyPrincipal key, WindowSpec window, long bucketWidthMicros) {
        return namespace + ":{" + key.keyId() + "}:" + window.name() + ":"
                + (bucketWidthMicros == 0 ? "log" : "c" + bucketWidthMicros);
    }

    private RateLimitDecision decode(List<Long> reply, int[] limits) {
        Instant now = micros(reply.get(1));
        List<WindowUsage> usage = new ArrayList<>(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            int at = 2 + 4 * i;
            WindowSpec window = windows.get(i);
            usage.add(new WindowUsage(window.name(), window.length(), limits[i], reply.get(at),
                    micros(reply.get(at + 1)), micros(reply.get(at + 2)), micros(reply.get(at + 3))));
        }
        return new RateLimitDecision(reply.get(0) == 1L ? Outcome.ADMITTED : Outcome.REFUSED, now, usage);
    }

    private static Instant micros(long micros) {
        return micros == 0 ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private void logFailure(Exception e) {
        long now = System.nanoTime();
        long last = lastErrorLogNanos.get();
        if (now - last >= errorLogIntervalNanos && lastErrorLogNanos.compareAndSet(last, now)) {
            long suppressed = suppressedErrors.getAndSet(0);
            LOG.warn("rate limiting: Redis failed ({}); failing {} ({} similar errors not logged since the last"
                    + " message)", e.toString(), failureMode == RateLimitFactory.FailureMode.OPEN
                    ? "open: requests are admitted unchecked" : "closed: requests get 503", suppressed);
        } else {
            suppressedErrors.incrementAndGet();
        }
    }
}
