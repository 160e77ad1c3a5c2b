package com.spots.enrichment.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop load: {@code --concurrency} workers each send a request, wait for the answer, send the next,
 * until {@code --requests} are done or {@code --seconds} pass (after {@code --warmup} requests not counted).
 * Prints one JSON line: throughput, latency percentiles (ms) and counts per status.
 *
 * <pre>
 * java -jar bench/target/enrichment-bench.jar --url http://127.0.0.1:8080/v1/usage \
 *      --header "Authorization: Bearer KEY" [--method POST --body-file req.json] \
 *      --concurrency 32 --requests 20000 [--seconds 60] [--warmup 500] [--label name]
 * </pre>
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> opts = parse(args);
        String url = one(opts, "url", null);
        if (url == null) {
            System.err.println("usage: --url URL [--method M] [--header 'K: V']... [--body TEXT | --body-file F]"
                    + " [--concurrency N] [--requests N] [--seconds S] [--warmup N] [--label L]");
            System.exit(2);
        }
        String method = one(opts, "method", "GET");
        String body = opts.containsKey("body-file") ? Files.readString(Path.of(one(opts, "body-file", null)))
                : one(opts, "body", null);
        int concurrency = Integer.parseInt(one(opts, "concurrency", "32"));
        long requests = Long.parseLong(one(opts, "requests", "10000"));
        double seconds = Double.parseDouble(one(opts, "seconds", "600"));
        long warmup = Long.parseLong(one(opts, "warmup", "0"));
        String label = one(opts, "label", url);

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder template = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (String header : opts.getOrDefault("header", List.of())) {
            int colon = header.indexOf(':');
            template.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        HttpRequest request = template.method(method, publisher).build();

        for (long i = 0; i < warmup; i++) {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        }

        AtomicLong remaining = new AtomicLong(requests);
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder errors = new LongAdder();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            latencies[w] = new long[(int) Math.min(requests, 5_000_000)];
            Thread t = new Thread(() -> {
                try {
                    while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                            statuses.computeIfAbsent(r.statusCode(), k -> new LongAdder()).increment();
                        } catch (Exception e) {
                            errors.increment();
                        }
                        long[] mine = latencies[worker];
                        if (counts[worker] < mine.length) {
                            mine[counts[worker]++] = System.nanoTime() - t0;
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "load-" + w);
            t.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;

        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int w = 0; w < concurrency; w++) {
            System.arraycopy(latencies[w], 0, all, at, counts[w]);
            at += counts[w];
        }
        Arrays.sort(all);
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(k, v.sum()));
        StringBuilder json = new StringBuilder();
        json.append("{\"label\":\"").append(label.replace("\"", "'")).append('"')
                .append(",\"concurrency\":").append(concurrency)
                .append(",\"requests\":").append(total)
                .append(",\"seconds\":").append(String.format("%.3f", elapsed))
                .append(",\"throughput_rps\":").append(String.format("%.1f", total / elapsed))
                .append(",\"p50_ms\":").append(ms(percentile(all, 0.50)))
                .append(",\"p95_ms\":").append(ms(percentile(all, 0.95)))
                .append(",\"p99_ms\":").append(ms(percentile(all, 0.99)))
                .append(",\"max_ms\":").append(ms(all.length == 0 ? 0 : all[all.length - 1]))
                .append(",\"errors\":").append(errors.sum())
                .append(",\"statuses\":{");
        List<String> parts = new ArrayList<>();
        byStatus.forEach((k, v) -> parts.add("\"" + k + "\":" + v));
        json.append(String.join(",", parts)).append("}}");
        System.out.println(json);
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

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> opts = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            opts.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[i + 1]);
        }
        return opts;
    }

    private static String one(Map<String, List<String>> opts, String name, String fallback) {
        List<String> values = opts.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(values.size() - 1);
    }
}
