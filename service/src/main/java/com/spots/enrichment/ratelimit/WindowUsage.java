package com.spots.enrichment.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * A window of one key as the limiter saw it, on Redis time: its limit, the requests it counts (including
 * the current one when admitted), when the oldest of them stops counting ({@code releaseAt}), when the
 * newest does ({@code clearAt}), and, while it holds {@code limit} or more, when it admits again
 * ({@code retryAt}). The instants are null when the window counts nothing (or is not exhausted, for retryAt).
 */
public record WindowUsage(String name, Duration length, int limit, long used, Instant releaseAt, Instant clearAt,
                          Instant retryAt) {

    public long remaining() {
        return Math.max(0, limit - used);
    }

    public boolean exhausted() {
        return used >= limit;
    }

    /** When {@link #remaining()} next grows: the retry time while exhausted, else when the oldest request leaves. */
    public Instant nextIncreaseAt() {
        return exhausted() ? retryAt : releaseAt;
    }

    /** Whole seconds from {@code now} until {@code at}, rounded up; 0 for null or past instants. */
    public static long secondsUntil(Instant now, Instant at) {
        if (at == null || !at.isAfter(now)) {
            return 0;
        }
        Duration d = Duration.between(now, at);
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }
}
