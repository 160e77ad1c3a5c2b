package com.spots.enrichment.requestlog;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Cheap authenticated requests over real HTTP from a few threads: alternately a 501 and a 404, both logged. */
final class Traffic {

    record Result(List<String> requestIds, Map<Integer, Long> statuses, long failures) {
    }

    private Traffic() {
    }

    static Result send(int port, String key, int requests, int threads) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/quantum-personality"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(RequestLogTest.VALID_BODY)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/nope"))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(20)).GET().build();
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder failures = new LongAdder();
        AtomicInteger next = new AtomicInteger();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests) {
                    try {
                        HttpResponse<Void> response = http.send(i % 2 == 0 ? post : get,
                                HttpResponse.BodyHandlers.discarding());
                        statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
                        response.headers().firstValue("X-Request-Id").ifPresent(ids::add);
                    } catch (IOException e) {
                        failures.increment();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "traffic-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        Map<Integer, Long> counts = new ConcurrentHashMap<>();
        statuses.forEach((s, n) -> counts.put(s, n.sum()));
        return new Result(List.copyOf(ids), counts, failures.sum());
    }
}
