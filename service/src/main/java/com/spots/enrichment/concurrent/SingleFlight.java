package com.spots.enrichment.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Work keyed by what it produces: a caller asking for a key whose work is already running waits for that run and
 * shares its result (or its failure) instead of running the work again.
 */
public final class SingleFlight<K, V> {

    /** A run's result; {@code joined} when this caller waited for another caller's run. */
    public record Result<V>(V value, boolean joined) {
    }

    private final ConcurrentMap<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();

    public Result<V> run(K key, Supplier<V> work) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> other = running.putIfAbsent(key, mine);
        if (other != null) {
            return new Result<>(Futures.join(other), true);
        }
        try {
            V value = work.get();
            mine.complete(value);
            return new Result<>(value, false);
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }
}
