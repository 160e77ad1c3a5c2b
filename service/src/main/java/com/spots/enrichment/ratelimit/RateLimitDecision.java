package com.spots.enrichment.ratelimit;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The limiter's answer for one request. {@code UNCHECKED} means Redis could not be asked: no usage is known
 * ({@code now} null, {@code windows} empty) and the failure mode decides.
 */
public record RateLimitDecision(Outcome outcome, Instant now, List<WindowUsage> windows) {

    public enum Outcome { ADMITTED, REFUSED, UNCHECKED }

    public static final String PROPERTY = RateLimitDecision.class.getName();

    public RateLimitDecision {
        windows = List.copyOf(windows);
    }

    static RateLimitDecision unchecked() {
        return new RateLimitDecision(Outcome.UNCHECKED, null, List.of());
    }

    public boolean known() {
        return outcome != Outcome.UNCHECKED;
    }

    public WindowUsage window(String name) {
        return windows.stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no window " + name));
    }

    /**
     * The window closest to exhaustion: fewest requests remaining; between equals, the one that stays so
     * longer (the one a client actually waits for).
     */
    public WindowUsage binding() {
        return windows.stream()
                .min(Comparator.comparingLong(WindowUsage::remaining)
                        .thenComparing(w -> secondsUntilIncrease(w), Comparator.reverseOrder()))
                .orElseThrow();
    }

    public long secondsUntilIncrease(WindowUsage window) {
        return WindowUsage.secondsUntil(now, window.nextIncreaseAt());
    }

    /** Seconds until every exhausted window admits again (at least 1 when refused). */
    public long retryAfterSeconds() {
        long seconds = windows.stream().filter(WindowUsage::exhausted)
                .mapToLong(w -> WindowUsage.secondsUntil(now, w.retryAt())).max().orElse(0);
        return Math.max(1, seconds);
    }
}
