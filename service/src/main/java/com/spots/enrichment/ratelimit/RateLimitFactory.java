package com.spots.enrichment.ratelimit;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.spots.enrichment.auth.ApiKeyPrincipal;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.UnifiedJedis;

/** The {@code rateLimit} section of config.yml: how the per-key sliding windows are kept in Redis. */
public class RateLimitFactory {

    /** What a request gets while Redis cannot be asked. */
    public enum FailureMode {
        /** Admit it, count the error, log it (at most once per {@code errorLogInterval}). */
        OPEN,
        /** Refuse it with 503 SERVICE_UNAVAILABLE and Retry-After. */
        CLOSED
    }

    /** {@code false} only to measure the service without a limiter (ops/bench); partners are then unlimited. */
    private boolean enabled = true;

    @NotNull
    @Pattern(regexp = "[A-Za-z0-9:_.-]{1,64}", message = "must be 1-64 of [A-Za-z0-9:_.-] (no braces: the key id is the hash tag)")
    private String namespace = "enrichment:rl";

    @NotNull
    private FailureMode failureMode = FailureMode.OPEN;

    /** Length of the "minute" window; shorter only in tests, which must not sleep for minutes. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration minuteWindow = Duration.minutes(1);

    /** Length of the "day" window; shorter only in tests. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration dayWindow = Duration.hours(24);

    /** Limits up to this use the exact log (one sorted-set entry per request); larger ones use buckets. */
    @Min(0)
    @Max(100_000)
    private int exactLimitThreshold = 1000;

    /** Buckets per window when bucketed: a window may count requests up to one bucket older than itself. */
    @Min(2)
    @Max(10_000)
    private int buckets = 60;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration errorLogInterval = Duration.minutes(1);

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public String getNamespace() {
        return namespace;
    }

    @JsonProperty
    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    @JsonProperty
    public FailureMode getFailureMode() {
        return failureMode;
    }

    @JsonProperty
    public void setFailureMode(FailureMode failureMode) {
        this.failureMode = failureMode;
    }

    @JsonProperty
    public Duration getMinuteWindow() {
        return minuteWindow;
    }

    @JsonProperty
    public void setMinuteWindow(Duration minuteWindow) {
        this.minuteWindow = minuteWindow;
    }

    @JsonProperty
    public Duration getDayWindow() {
        return dayWindow;
    }

    @JsonProperty
    public void setDayWindow(Duration dayWindow) {
        this.dayWindow = dayWindow;
    }

    @JsonProperty
    public int getExactLimitThreshold() {
        return exactLimitThreshold;
    }

    @JsonProperty
    public void setExactLimitThreshold(int exactLimitThreshold) {
        this.exactLimitThreshold = exactLimitThreshold;
    }

    @JsonProperty
    public int getBuckets() {
        return buckets;
    }

    @JsonProperty
    public void setBuckets(int buckets) {
        this.buckets = buckets;
    }

    @JsonProperty
    public Duration getErrorLogInterval() {
        return errorLogInterval;
    }

    @JsonProperty
    public void setErrorLogInterval(Duration errorLogInterval) {
        this.errorLogInterval = errorLogInterval;
    }

    @ValidationMethod(message = "bucket width (window / buckets) must be at least 1 ms for both windows")
    public boolean isBucketWidthUsable() {
        return minuteWindow.toMilliseconds() >= buckets && dayWindow.toMilliseconds() >= buckets;
    }

    /** The minute window, then the day window. */
    public List<WindowSpec> windows() {
        return List.of(
                new WindowSpec("minute", java.time.Duration.ofMillis(minuteWindow.toMilliseconds()),
                        ApiKeyPrincipal::rateLimitPerMinute),
                new WindowSpec("day", java.time.Duration.ofMillis(dayWindow.toMilliseconds()),
                        ApiKeyPrincipal::rateLimitPerDay));
    }

    public RateLimiter build(UnifiedJedis redis, MetricRegistry metrics) {
        return new RateLimiter(redis, namespace, failureMode, windows(), exactLimitThreshold, buckets,
                java.time.Duration.ofMillis(errorLogInterval.toMilliseconds()), metrics);
    }
}
