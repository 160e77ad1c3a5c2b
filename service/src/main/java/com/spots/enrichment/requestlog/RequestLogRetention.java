package com.spots.enrichment.requestlog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes request-log rows past the retention period in batches of {@code batchSize}, each its own short
 * statement, so neither writers nor readers wait behind one long delete.
 */
public class RequestLogRetention {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLogRetention.class);

    private final RequestLogDAO dao;
    private final Duration retention;
    private final int batchSize;
    private final Clock clock;

    public RequestLogRetention(RequestLogDAO dao, Duration retention, int batchSize, Clock clock) {
        this.dao = dao;
        this.retention = retention;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    public Duration retention() {
        return retention;
    }

    /** Deletes every row older than the retention period; returns how many. */
    public long purge() {
        Instant cutoff = clock.instant().minus(retention);
        long total = 0;
        int deleted;
        do {
            deleted = dao.deleteOlderThan(cutoff, batchSize);
            total += deleted;
        } while (deleted == batchSize);
        if (total > 0) {
            LOG.info("request-log retention: deleted {} rows older than {}", total, cutoff);
        }
        return total;
    }

    /** For the scheduler: a failed run is logged and retried at the next interval. */
    public void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warn("request-log retention run failed; will retry at the next interval: {}", e.toString());
        }
    }
}
