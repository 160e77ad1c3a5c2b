package com.spots.enrichment.ratelimit;

import com.spots.enrichment.auth.ApiKeyPrincipal;
import java.time.Duration;
import java.util.function.ToIntFunction;

/**
 * One of a key's sliding windows: its name in headers and errors ("minute", "day"), its length, and which
 * of the key's limits applies to it.
 */
public record WindowSpec(String name, Duration length, ToIntFunction<ApiKeyPrincipal> limitOfKey) {

    public int limitOf(ApiKeyPrincipal key) {
        return limitOfKey.applyAsInt(key);
    }

    long lengthMicros() {
        return length.toNanos() / 1_000L;
    }
}
