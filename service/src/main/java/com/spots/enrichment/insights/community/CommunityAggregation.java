package com.spots.enrichment.insights.community;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.spots.enrichment.segments.SegmentDefinition;
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
 * Computes a segment's community aggregate. The graph sections (network, ai2ai) and purchase share nothing but the
 * segment, so when both are asked they run as two calls of aggregate_ai2ai_insights at once: the graph half on the
 * caller's handle, purchase on a second pooled connection; the answer is the two objects merged (the same JSON one
 * call returns). A caller never waits for a connection while holding one: if the second call has not got its
 * connection by the time the graph half is done, the caller runs purchase itself on its own handle.
 */
public class CommunityAggregation {

    private static final String PURCHASE = "purchase";

    private final Jdbi jdbi;
    private final Executor executor;
    private final ObjectMapper json;

    public CommunityAggregation(Jdbi jdbi, Executor executor, ObjectMapper json) {
        this.jdbi = jdbi;
        this.executor = executor;
        this.json = json;
    }

    public String aggregate(Handle handle, SegmentDefinition d, int windowDays, Set<String> sections) {
        List<String> graph = sections.stream().filter(s -> !PURCHASE.equals(s)).toList();
        if (!sections.contains(PURCHASE) || graph.isEmpty()) {
            return call(handle, d, windowDays, List.copyOf(sections));
        }
        AtomicBoolean claimed = new AtomicBoolean();
        CompletableFuture<String> purchase = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    purchase.complete(claimed.get() ? null : jdbi.withHandle(h -> claimed.compareAndSet(false, true)
                            ? call(h, d, windowDays, List.of(PURCHASE)) : null));
                } catch (RuntimeException | Error e) {
                    purchase.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // run both halves here
        }
        String graphJson;
        try {
            graphJson = call(handle, d, windowDays, graph);
        } catch (RuntimeException e) {
            claimed.set(true); // a purchase half not yet started is not needed any more
            throw e;
        }
        String purchaseJson = claimed.compareAndSet(false, true)
                ? call(handle, d, windowDays, List.of(PURCHASE))
                : Futures.join(purchase);
        return merge(graphJson, purchaseJson);
    }

    private static String call(Handle handle, SegmentDefinition d, int windowDays, List<String> sections) {
        return handle.attach(CommunityAggregationDAO.class).aggregate(d.region(), d.ageMin(), d.ageMax(),
                d.interestsArray(), d.categoriesArray(), windowDays, sections.toArray(String[]::new));
    }

    /** Both halves carry the same segment fields; data_freshness is the later of the two. */
    String merge(String graphJson, String purchaseJson) {
        try {
            ObjectNode merged = (ObjectNode) json.readTree(graphJson);
            JsonNode other = json.readTree(purchaseJson);
            if (other.has(PURCHASE)) {
                merged.set(PURCHASE, other.get(PURCHASE));
            }
            JsonNode mine = merged.get("data_freshness");
            JsonNode theirs = other.get("data_freshness");
            if (theirs != null && (mine == null
                    || OffsetDateTime.parse(theirs.asText()).isAfter(OffsetDateTime.parse(mine.asText())))) {
                merged.set("data_freshness", theirs);
            }
            return json.writeValueAsString(merged);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("aggregate_ai2ai_insights returned malformed JSON", e);
        }
    }
}
