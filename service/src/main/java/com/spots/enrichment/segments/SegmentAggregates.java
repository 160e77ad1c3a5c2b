package com.spots.enrichment.segments;

import com.codahale.metrics.Meter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.spots.enrichment.concurrent.ConcurrencyLimit;
import com.spots.enrichment.concurrent.SingleFlight;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A partner's segment aggregates: registers the segment definition under the partner (a changed definition replaces
 * the stored one and drops its cached aggregates), then serves the aggregate from segment_aggregate_cache or computes
 * it once. Identical cold requests compute once: in this process they wait for one run; across instances the
 * computing transaction holds an advisory lock on the cache key and the others find its row when they get the lock.
 * Every wait on the database or on another request's run happens with the request's {@link ConcurrencyLimit} slot
 * given up, so requests answered from memory never queue behind a computation.
 */
public class SegmentAggregates {

    /** Runs one aggregate_* function for a definition on the given handle and returns its JSON. */
    @FunctionalInterface
    public interface AggregateQuery {
        String run(Handle handle, SegmentDefinition definition);
    }

    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final Clock clock;
    private final ConcurrencyLimit slots;
    private final Duration ttl;
    private final Meter hits;
    private final Meter misses;
    private final Meter definitionChecks;
    private final SingleFlight<String, CachedAggregate> computing = new SingleFlight<>();
    private final SingleFlight<String, String> registering = new SingleFlight<>();
    /**
     * This instance's copy of cache rows it has read or written, until their expiry: no round trip when warm. Once
     * per {@code localCopyRecheckSeconds} one request checks that the table still holds the row.
     */
    private final Cache<String, Local> local;
    private final Duration copyRecheck;
    /**
     * The definition hash this instance last registered per partner|segment_id, for a few seconds: long enough to
     * keep the warm path off the database, short enough that another instance's redefinition is replaced soon.
     */
    private final Cache<String, String> registered;

    private record Local(CachedAggregate aggregate, Instant expiresAt, Instant checkedAt) {

        boolean servable(Instant now) {
            return expiresAt.isAfter(now);
        }

        Local checked(Instant now) {
            return new Local(aggregate, expiresAt, now);
        }
    }

    public SegmentAggregates(Jdbi jdbi, ObjectMapper json, Clock clock, SegmentsFactory config, MetricRegistry metrics,
                             ConcurrencyLimit slots) {
        this.jdbi = jdbi;
        this.json = json;
        this.clock = clock;
        this.slots = slots;
        this.ttl = Duration.ofMinutes(config.getCacheTtlMinutes());
        this.hits = metrics.meter("segments.cache.hits");
        this.misses = metrics.meter("segments.cache.misses");
        this.definitionChecks = metrics.meter("segments.definition.checks");
        this.local = Caffeine.newBuilder().maximumSize(10_000)
                .expireAfterWrite(ttl.isZero() ? Duration.ofMillis(1) : ttl).build();
        this.copyRecheck = Duration.ofSeconds(config.getLocalCopyRecheckSeconds());
        Duration recheck = Duration.ofSeconds(config.getDefinitionRecheckSeconds());
        this.registered = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(recheck.isZero() ? Duration.ofNanos(1) : recheck).build();
    }

    public CachedAggregate fetch(String partner, UserSegment segment, String endpoint, int windowDays,
                                 Collection<String> sections, AggregateQuery query) {
        SegmentDefinition definition = SegmentDefinition.of(segment);
        String hash = definition.hash();
        register(partner, segment.segmentId(), definition, hash);
        String sectionKey = String.join(",", new TreeSet<>(sections));
        String key = partner + '|' + hash + '|' + endpoint + '|' + windowDays + '|' + sectionKey;
        if (cacheEnabled()) {
            Instant now = clock.instant();
            Local copy = local.getIfPresent(key);
            Local claimed = null;
            if (copy != null && copy.servable(now)) {
                // one request per recheck time asks the table; the others keep serving the copy meanwhile
                if (copy.checkedAt().plus(copyRecheck).isBefore(now)) {
                    Local checked = copy.checked(now);
                    claimed = local.asMap().replace(key, copy, checked) ? checked : null;
                }
                if (claimed == null) {
                    hits.mark();
                    return copy.aggregate();
                }
            }
            var row = slots.blocking(() -> jdbi.withExtension(SegmentAggregateDAO.class,
                    dao -> dao.find(partner, hash, endpoint, windowDays, sectionKey)));
            if (row.isPresent()) {
                hits.mark();
                return claimed != null && row.get().computedAt().equals(claimed.aggregate().computedAt())
                        ? claimed.aggregate() : keep(key, row.get());
            }
            if (claimed != null) {
                local.asMap().remove(key, claimed);
            }
        }
        SingleFlight.Result<CachedAggregate> run = slots.blocking(() -> computing.run(key, () -> jdbi.inTransaction(handle -> {
            handle.createQuery("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))").bind("key", key)
                    .mapTo(String.class).one();
            SegmentAggregateDAO cache = handle.attach(SegmentAggregateDAO.class);
            if (cacheEnabled()) {
                var row = cache.find(partner, hash, endpoint, windowDays, sectionKey);
                if (row.isPresent()) {
                    hits.mark();
                    return keep(key, row.get());
                }
            }
            misses.mark();
            Instant computedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String payload = query.run(handle, definition);
            CachedAggregate computed = CachedAggregate.of(parse(payload), computedAt, false);
            Instant expiresAt = computedAt.plus(ttl);
            if (cacheEnabled()) {
                cache.store(partner, hash, endpoint, windowDays, sectionKey, payload, computedAt, expiresAt);
                local.put(key, new Local(computed.shared(), expiresAt, clock.instant()));
            }
            handle.attach(MarketSegmentDAO.class).recordComputation(partner, hash,
                    (int) Math.min(Integer.MAX_VALUE, computed.sampleSize()), computed.dataFreshness(), expiresAt);
            return computed;
        })));
        if (run.joined()) {
            hits.mark();
            return run.value().shared();
        }
        return run.value();
    }

    private CachedAggregate keep(String key, CachedAggregate.Row row) {
        CachedAggregate aggregate = CachedAggregate.of(parse(row.payload()), row.computedAt(), true);
        local.put(key, new Local(aggregate, row.expiresAt(), clock.instant()));
        return aggregate;
    }

    /**
     * Stores the partner's definition for the segment_id; a different stored one is replaced and its cached
     * aggregates dropped (in the table and in this instance's copy). A definition this instance registered last is
     * not checked again until {@code definitionRecheckSeconds} pass: aggregates are keyed by definition, so they stay
     * right for it meanwhile, whatever another instance stored.
     */
    void register(String partner, String segmentId, SegmentDefinition definition, String hash) {
        String name = partner + '|' + segmentId;
        if (hash.equals(registered.getIfPresent(name))) {
            return;
        }
        // requests arriving together once the recheck time has passed make one database check, not one each
        slots.blocking(() -> registering.run(name + '|' + hash, () -> {
            if (!hash.equals(registered.getIfPresent(name))) {
                registerInDatabase(partner, segmentId, definition, hash);
                registered.put(name, hash);
            }
            return hash;
        }));
    }

    private void registerInDatabase(String partner, String segmentId, SegmentDefinition definition, String hash) {
        definitionChecks.mark();
        var stored = jdbi.withExtension(MarketSegmentDAO.class, dao -> dao.findHash(partner, segmentId));
        if (stored.isPresent() && stored.get().equals(hash)) {
            return;
        }
        jdbi.useTransaction(handle -> {
            MarketSegmentDAO segments = handle.attach(MarketSegmentDAO.class);
            var previous = segments.lockHash(partner, segmentId);
            if (previous.isPresent() && previous.get().equals(hash)) {
                return;
            }
            segments.upsert(partner, segmentId, definition.json(), hash, clock.instant().plus(ttl));
            previous.ifPresent(old -> {
                handle.attach(SegmentAggregateDAO.class).invalidate(partner, old);
                String prefix = partner + '|' + old + '|';
                local.asMap().keySet().removeIf(k -> k.startsWith(prefix));
            });
        });
    }

    /** Drops expired cache rows (run periodically). */
    public int purgeExpired() {
        return jdbi.withExtension(SegmentAggregateDAO.class, SegmentAggregateDAO::deleteExpired);
    }

    private boolean cacheEnabled() {
        return !ttl.isZero();
    }

    private JsonNode parse(String payload) {
        try {
            return json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an aggregate function returned malformed JSON", e);
        }
    }
}
