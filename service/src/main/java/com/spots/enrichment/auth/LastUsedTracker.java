package com.spots.enrichment.auth;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code api_keys.last_used_at} current (to the second) without a database write per request: uses are
 * noted in memory and written in one batch per flush interval, and once more when the server stops.
 */
public class LastUsedTracker implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(LastUsedTracker.class);

    private final ApiKeyDAO keys;
    private final Clock clock;
    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();

    public LastUsedTracker(ApiKeyDAO keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Notes a use; to the second: a use within the second already noted for the key changes nothing. */
    public void record(UUID keyId) {
        Instant now = clock.instant();
        Instant noted = pending.get(keyId);
        // A busy key is used by many request threads at once; writing its one map entry on every request made them
        // queue on that entry's lock (seen in a lock profile at 32 connections). A read takes no lock.
        if (noted == null || now.getEpochSecond() > noted.getEpochSecond()) {
            pending.put(keyId, now);
        }
    }

    /** Writes what was noted since the last flush; entries that fail to write are kept for the next one. */
    public synchronized int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        List<UUID> ids = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (Map.Entry<UUID, Instant> entry : pending.entrySet()) {
            ids.add(entry.getKey());
            times.add(entry.getValue());
        }
        try {
            keys.recordLastUsed(ids, times);
            for (int i = 0; i < ids.size(); i++) {
                pending.remove(ids.get(i), times.get(i));
            }
            return ids.size();
        } catch (RuntimeException e) {
            LOG.warn("could not write last-used times of {} keys; will retry: {}", ids.size(), e.toString());
            return 0;
        }
    }

    @Override
    public void stop() {
        flush();
    }
}
