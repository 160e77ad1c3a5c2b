package com.spots.enrichment.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: {@code --concurrency} connections each send a request, wait for the answer, send the next,
 * until {@code --requests} are done or {@code --seconds} pass (after {@code --warmup} requests not counted).
 * Each connection has a thread of its own, or, with {@code --event-loops N}, N threads drive them all through
 * selectors ({@link EventLoops}). Prints one JSON line: throughput, latency percentiles (ms) and counts per status.
 *
 * <pre>
 * java -jar bench/target/enrichment-bench.jar --url http://127.0.0.1:8080/v1/usage \
 *      --header "Authorization: Bearer KEY" [--method POST --body-file req.json] \
 *      --concurrency 32 [--event-loops 2] --requests 20000 [--seconds 60] [--warmup 500] [--label name]
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
                    + " [--concurrency N] [--event-loops N] [--requests N] [--seconds S] [--warmup N] [--label L]");
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
        int eventLoops = Integer.parseInt(one(opts, "event-loops", "0"));

        URI target = URI.create(url);
        byte[] request = requestBytes(method, target, opts.getOrDefault("header", List.of()), body);
        Recorder recorder = new Recorder(seconds, requests);
        String client;
        if (eventLoops > 0) {
            client = "event-loop x" + eventLoops;
            new EventLoops(new InetSocketAddress(target.getHost(), port(target)), request, recorder, warmup, requests)
                    .run(concurrency, Math.min(eventLoops, concurrency));
        } else {
            client = "thread per connection";
            threadPerConnection(target, request, recorder, concurrency, warmup, requests);
        }
        System.out.println(recorder.json(label, concurrency, client));
    }

    /** Each connection on a thread of its own, blocking on its socket while the server answers. */
    private static void threadPerConnection(URI target, byte[] request, Recorder recorder, int concurrency,
                                            long warmup, long requests) throws InterruptedException {
        AtomicLong warmupLeft = new AtomicLong(warmup);
        AtomicLong remaining = new AtomicLong(requests);
        CyclicBarrier measuring = new CyclicBarrier(concurrency, recorder::open);
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int w = 0; w < concurrency; w++) {
            Recorder.Sink sink = recorder.sink();
            Thread t = new Thread(() -> {
                Connection connection = new Connection(target);
                try {
                    while (warmupLeft.getAndDecrement() > 0) {
                        try {
                            connection.exchange(request);
                        } catch (IOException e) {
                            connection.close();
                        }
                    }
                    measuring.await();
                    while (remaining.getAndDecrement() > 0 && System.nanoTime() < recorder.deadline()) {
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = connection.exchange(request);
                        } catch (IOException e) {
                            connection.close();
                            status = -1;
                        }
                        sink.record(status, System.nanoTime() - t0);
                    }
                } catch (InterruptedException | BrokenBarrierException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    connection.close();
                    done.countDown();
                }
            }, "load-" + w);
            t.start();
        }
        done.await();
    }

    /** The request as bytes on the wire, built once: HTTP/1.1, keep-alive, Content-Length. */
    private static byte[] requestBytes(String method, URI target, List<String> headers, String body) {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(path.isEmpty() ? "/" : path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.getHost()).append(':').append(port(target)).append("\r\n");
        for (String header : headers) {
            head.append(header.trim()).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + payload.length);
        System.arraycopy(payload, 0, all, headBytes.length, payload.length);
        return all;
    }

    private static int port(URI target) {
        return target.getPort() > 0 ? target.getPort() : 80;
    }

    /**
     * One worker's keep-alive connection: a blocking socket that writes the prepared request and reads exactly one
     * response (Content-Length or chunked). Deliberately minimal, so the load generator costs the machine far less
     * CPU than the server it measures (java.net.http's client cost about as much per request as the server).
     */
    private static final class Connection {
        private final URI target;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final byte[] discard = new byte[16384];

        Connection(URI target) {
            this.target = target;
        }

        int exchange(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket(target.getHost(), port(target));
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
                in = new BufferedInputStream(socket.getInputStream(), 16384);
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            List<String> lines = new ArrayList<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                lines.add(line);
            }
            ResponseHead head = ResponseHead.parse(lines);
            boolean close = head.close();
            if (head.chunked()) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (head.contentLength() >= 0) {
                skip(head.contentLength());
            } else {
                close = true;
                while (in.read(discard) >= 0) {
                    // body until the server closes
                }
            }
            if (close) {
                close();
            }
            return head.status();
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                int read = in.read(discard, 0, (int) Math.min(discard.length, n));
                if (read < 0) {
                    throw new EOFException("connection closed inside a response body");
                }
                n -= read;
            }
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to do: the next exchange opens a new connection
                }
                socket = null;
            }
        }
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
