package com.spots.enrichment.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measured window and what was measured in it. Each client thread records into a sink of its own (no shared
 * counter on the hot path); the sinks are merged once every thread is done.
 */
final class Recorder {

    private final double seconds;
    private final int capacity;
    private final List<Sink> sinks = new ArrayList<>();
    private volatile long start;
    private volatile long deadline = Long.MAX_VALUE;

    Recorder(double seconds, long requests) {
        this.seconds = seconds;
        this.capacity = (int) Math.min(requests, 5_000_000);
    }

    /** Opens the measured window (called once, when every client thread has finished its warm-up). */
    void open() {
        start = System.nanoTime();
        deadline = start + (long) (seconds * 1e9);
    }

    long deadline() {
        return deadline;
    }

    synchronized Sink sink() {
        Sink sink = new Sink(capacity);
        sinks.add(sink);
        return sink;
    }

    /** One JSON line: throughput, latency percentiles (ms) and counts per status. */
    synchronized String json(String label, int concurrency, String client) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = sinks.stream().mapToInt(s -> s.count).sum();
        long[] all = new long[total];
        int at = 0;
        long errors = 0;
        Map<Integer, Long> byStatus = new TreeMap<>();
        for (Sink sink : sinks) {
            System.arraycopy(sink.latencies, 0, all, at, sink.count);
            at += sink.count;
            errors += sink.errors;
            sink.statuses.forEach((status, n) -> byStatus.merge(status, n, Long::sum));
        }
        Arrays.sort(all);
        StringBuilder json = new StringBuilder();
        json.append("{\"label\":\"").append(label.replace("\"", "'")).append('"')
                .append(",\"concurrency\":").append(concurrency)
                .append(",\"client\":\"").append(client).append('"')
                .append(",\"requests\":").append(total)
                .append(",\"seconds\":").append(String.format("%.3f", elapsed))
                .append(",\"throughput_rps\":").append(String.format("%.1f", total / elapsed))
                .append(",\"p50_ms\":").append(ms(percentile(all, 0.50)))
                .append(",\"p95_ms\":").append(ms(percentile(all, 0.95)))
                .append(",\"p99_ms\":").append(ms(percentile(all, 0.99)))
                .append(",\"max_ms\":").append(ms(all.length == 0 ? 0 : all[all.length - 1]))
                .append(",\"errors\":").append(errors)
                .append(",\"statuses\":{");
        List<String> parts = new ArrayList<>();
        byStatus.forEach((k, v) -> parts.add("\"" + k + "\":" + v));
        return json.append(String.join(",", parts)).append("}}").toString();
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String ms(long nanos) {
        return String.format("%.2f", nanos / 1e6);
    }

    /** One client thread's measurements. */
    static final class Sink {
        private final long[] latencies;
        private int count;
        private long errors;
        private final Map<Integer, Long> statuses = new TreeMap<>();

        private Sink(int capacity) {
            this.latencies = new long[capacity];
        }

        /** A connection that could not be opened: no exchange, so no latency. */
        void error() {
            errors++;
        }

        /** An answer with its status, or a failed exchange (status -1), and the time it took. */
        void record(int status, long nanos) {
            if (status < 0) {
                errors++;
            } else {
                statuses.merge(status, 1L, Long::sum);
            }
            if (count < latencies.length) {
                latencies[count++] = nanos;
            }
        }
    }
}
