package com.spots.enrichment.requestlog;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.dropwizard.lifecycle.Managed;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes request-log entries off the request path: {@link #offer} never waits; one thread drains the bounded
 * queue in batches (one INSERT each), retries with backoff while PostgreSQL is unreachable (entries wait in the queue), and
 * on {@link #stop} writes everything still queued before the connection pool closes. Entries are only lost when
 * the queue is full (counted in {@code enrichment.requestlog.dropped}) or when the database is still down at the
 * end of the shutdown timeout (counted there as well, and logged).
 */
public class RequestLogWriter implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLogWriter.class);
    private static final long DROP_LOG_INTERVAL_MILLIS = 10_000;

    private final RequestLogDAO dao;
    private final BlockingQueue<RequestLogEntry> queue;
    private final int capacity;
    private final int batchSize;
    private final long flushIntervalMillis;
    private final long minBackoffMillis;
    private final long maxBackoffMillis;
    private final long shutdownTimeoutMillis;
    private final Clock clock;

    private final Meter dropped;
    private final Meter written;
    private final Meter failedWrites;
    private final Meter rejected;
    private final Histogram batchSizes;
    private final Timer writeLatency;

    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong lastDropLog = new AtomicLong();
    private final AtomicLong droppedSinceLog = new AtomicLong();
    private volatile String lastError;
    private volatile boolean stopping;
    private volatile long stopDeadline;
    private Thread thread;

    public RequestLogWriter(RequestLogDAO dao, RequestLogFactory config, MetricRegistry metrics, Clock clock) {
        this.dao = dao;
        this.capacity = config.getQueueCapacity();
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.batchSize = config.getBatchSize();
        this.flushIntervalMillis = config.getFlushInterval().toMilliseconds();
        this.minBackoffMillis = config.getRetryMinBackoff().toMilliseconds();
        this.maxBackoffMillis = Math.max(minBackoffMillis, config.getRetryMaxBackoff().toMilliseconds());
        this.shutdownTimeoutMillis = config.getShutdownTimeout().toMilliseconds();
        this.clock = clock;
        this.dropped = metrics.meter("enrichment.requestlog.dropped");
        this.written = metrics.meter("enrichment.requestlog.written");
        this.failedWrites = metrics.meter("enrichment.requestlog.write-failures");
        this.rejected = metrics.meter("enrichment.requestlog.rejected");
        this.batchSizes = metrics.histogram("enrichment.requestlog.batch-size");
        this.writeLatency = metrics.timer("enrichment.requestlog.write");
        metrics.register("enrichment.requestlog.queue-depth", (Gauge<Integer>) queue::size);
        metrics.register("enrichment.requestlog.queue-capacity", (Gauge<Integer>) () -> capacity);
    }

    /** Queues an entry for writing; never blocks. False (and counted) when the queue is full. */
    public boolean offer(RequestLogEntry entry) {
        if (queue.offer(entry)) {
            return true;
        }
        dropped.mark();
        droppedSinceLog.incrementAndGet();
        long now = clock.millis();
        long last = lastDropLog.get();
        if (now - last >= DROP_LOG_INTERVAL_MILLIS && lastDropLog.compareAndSet(last, now)) {
            LOG.error("request-log queue full ({} entries): dropped {} entries since the last report; {} in total",
                    capacity, droppedSinceLog.getAndSet(0), dropped.getCount());
        }
        return false;
    }

    public int queueDepth() {
        return queue.size();
    }

    public int queueCapacity() {
        return capacity;
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    public String lastError() {
        return lastError;
    }

    public long droppedCount() {
        return dropped.getCount();
    }

    @Override
    public synchronized void start() {
        stopping = false;
        thread = new Thread(this::run, "request-log-writer");
        thread.start();
    }

    /** Returns once everything queued is written, or when the shutdown timeout ends with the database down. */
    @Override
    public void stop() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
            stopDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shutdownTimeoutMillis);
            stopping = true;
        }
        if (t != null) {
            t.join();
        }
    }

    private void run() {
        List<RequestLogEntry> batch = new ArrayList<>(batchSize);
        while (!stopping || !queue.isEmpty()) {
            try {
                RequestLogEntry first = queue.poll(flushIntervalMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                fill(batch, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(flushIntervalMillis));
                writeWithRetry(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("request-log writer: unexpected failure; {} entries lost", batch.size(), e);
                dropped.mark(batch.size());
            } finally {
                batch.clear();
            }
        }
    }

    // Fewer, fuller batches cost the database far less than many small ones: wait for a full batch, but never let
    // the oldest entry wait longer than the flush interval (nor at all once stopping). Sleeping rather than polling
    // keeps the queue non-empty meanwhile, so request threads offering entries never have to wake this thread.
    private void fill(List<RequestLogEntry> batch, long deadline) throws InterruptedException {
        while (!stopping && queue.size() < batchSize - batch.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Thread.sleep(Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(left))));
        }
        queue.drainTo(batch, batchSize - batch.size());
    }

    private void writeWithRetry(List<RequestLogEntry> batch) throws InterruptedException {
        long backoff = minBackoffMillis;
        while (true) {
            try (Timer.Context ignored = writeLatency.time()) {
                dao.insert(batch);
                written.mark(batch.size());
                batchSizes.update(batch.size());
                if (consecutiveFailures.getAndSet(0) > 0) {
                    LOG.info("request-log writes recovered; {} entries waiting", queue.size());
                }
                lastError = null;
                return;
            } catch (SQLException e) {
                if (isBadData(e)) {
                    writeOneByOne(batch);
                    return;
                }
                failedWrites.mark();
                lastError = e.getClass().getSimpleName() + " (SQLState " + e.getSQLState() + ")";
                int failures = consecutiveFailures.incrementAndGet();
                if (failures == 1 || failures % 20 == 0) {
                    LOG.warn("request-log write of {} entries failed ({} in a row), {} waiting; retrying: {}",
                            batch.size(), failures, queue.size(), e.toString());
                }
            }
            if (stopping && System.nanoTime() - stopDeadline > 0) {
                int lost = batch.size() + queue.size();
                dropped.mark(lost);
                queue.clear();
                LOG.error("request-log: database still unreachable at the end of the shutdown timeout;"
                        + " {} entries lost", lost);
                return;
            }
            Thread.sleep(backoff);
            backoff = Math.min(maxBackoffMillis, backoff * 2);
        }
    }

    // A row the database refuses (bad data, a constraint) must not hold up the rest: write rows singly and
    // count the refused ones, which are logged with their request id.
    private void writeOneByOne(List<RequestLogEntry> batch) throws InterruptedException {
        for (RequestLogEntry entry : batch) {
            try {
                writeSingle(entry);
            } catch (SQLException e) {
                rejected.mark();
                LOG.error("request-log entry for request {} refused by the database: {}", entry.requestId(),
                        e.getSQLState());
            }
        }
    }

    private void writeSingle(RequestLogEntry entry) throws SQLException, InterruptedException {
        List<RequestLogEntry> one = List.of(entry);
        while (true) {
            try {
                dao.insert(one);
                written.mark();
                return;
            } catch (SQLException e) {
                if (isBadData(e) || (stopping && System.nanoTime() - stopDeadline > 0)) {
                    throw e;
                }
                failedWrites.mark();
                Thread.sleep(minBackoffMillis);
            }
        }
    }

    private static boolean isBadData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
