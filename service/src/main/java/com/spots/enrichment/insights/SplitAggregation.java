package com.spots.enrichment.insights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.spots.enrichment.concurrent.Futures;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Computes a cold aggregate as two calls of its aggregate_* function at once, when the sections asked fall on both
 * sides of a split the endpoint names (sections that share little work): the first half on the caller's handle, the
 * other on a second pooled connection, so one cold request uses two cores of the database. The answer is the two
 * objects merged, the same JSON one call returns (every half carries the segment fields; data_freshness is the later
 * of the two). A caller never waits for a connection while holding one: if the second call has not got its connection
 * by the time the first half is done, the caller computes the other half itself on its own handle.
 */
public class SplitAggregation {

    /** One call of an aggregate_* function for the given sections, on the given handle. */
    @FunctionalInterface
    public interface SectionsCall {
        String aggregate(Handle handle, List<String> sections);
    }

    private final Jdbi jdbi;
    private final Executor executor;
    private final ObjectMapper json;

    public SplitAggregation(Jdbi jdbi, Executor executor, ObjectMapper json) {
        this.jdbi = jdbi;
        this.executor = executor;
        this.json = json;
    }

    /** {@code aside}: the sections that go to the second call when sections outside it are asked too. */
    public String aggregate(Handle handle, Set<String> sections, Set<String> aside, SectionsCall call) {
        List<String> first = sections.stream().filter(s -> !aside.contains(s)).toList();
        List<String> second = sections.stream().filter(aside::contains).toList();
        if (first.isEmpty() || second.isEmpty()) {
            return call.aggregate(handle, List.copyOf(sections));
        }
        AtomicBoolean claimed = new AtomicBoolean();
        CompletableFuture<String> other = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    other.complete(claimed.get() ? null : jdbi.withHandle(h -> claimed.compareAndSet(false, true)
                            ? call.aggregate(h, second) : null));
                } catch (RuntimeException | Error e) {
                    other.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // both halves run here
        }
        String firstJson;
        try {
            firstJson = call.aggregate(handle, first);
        } catch (RuntimeException e) {
            claimed.set(true); // a second half not yet started is not needed any more
            throw e;
        }
        String secondJson = claimed.compareAndSet(false, true) ? call.aggregate(handle, second) : Futures.join(other);
        return merge(firstJson, secondJson, second);
    }

    String merge(String firstJson, String secondJson, List<String> secondSections) {
        try {
            ObjectNode merged = (ObjectNode) json.readTree(firstJson);
            JsonNode other = json.readTree(secondJson);
            for (String section : secondSections) {
                if (other.has(section)) {
                    merged.set(section, other.get(section));
                }
            }
            JsonNode mine = merged.get("data_freshness");
            JsonNode theirs = other.get("data_freshness");
            if (theirs != null && (mine == null
                    || OffsetDateTime.parse(theirs.asText()).isAfter(OffsetDateTime.parse(mine.asText())))) {
                merged.set("data_freshness", theirs);
            }
            return json.writeValueAsString(merged);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an aggregate function returned malformed JSON", e);
        }
    }
}
