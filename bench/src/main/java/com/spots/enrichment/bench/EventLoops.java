package com.spots.enrichment.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same closed loop as one thread per connection, run by a few threads that each drive their share of the
 * connections through a selector (as wrk does). On a 2-core machine shared with the server, 32 client threads that
 * each wake for every answer compete with the server's threads for the cores, and their scheduling delays show up
 * in the latencies measured; a couple of event-loop threads keep the client's share of the run queue small.
 */
final class EventLoops {

    private final InetSocketAddress address;
    private final byte[] request;
    private final Recorder recorder;
    private final AtomicLong warmupLeft;
    private final AtomicLong remaining;

    EventLoops(InetSocketAddress address, byte[] request, Recorder recorder, long warmup, long requests) {
        this.address = address;
        this.request = request;
        this.recorder = recorder;
        this.warmupLeft = new AtomicLong(warmup);
        this.remaining = new AtomicLong(requests);
    }

    /** Runs {@code concurrency} connections on {@code threads} event loops; returns when every loop is done. */
    void run(int concurrency, int threads) throws InterruptedException {
        CyclicBarrier measuring = new CyclicBarrier(threads, recorder::open);
        List<Thread> loops = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int connections = concurrency / threads + (t < concurrency % threads ? 1 : 0);
            Thread loop = new Thread(() -> loop(connections, measuring), "event-loop-" + t);
            loops.add(loop);
            loop.start();
        }
        for (Thread loop : loops) {
            loop.join();
        }
    }

    private void loop(int connections, CyclicBarrier measuring) {
        Recorder.Sink sink = recorder.sink();
        try (Selector selector = Selector.open()) {
            List<Exchange> exchanges = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                exchanges.add(new Exchange(selector));
            }
            // warm-up: every connection sends until the shared warm-up count runs out
            drive(selector, exchanges, null);
            measuring.await();
            drive(selector, exchanges, sink);
            for (Exchange exchange : exchanges) {
                exchange.close();
            }
        } catch (IOException e) {
            throw new IllegalStateException("event loop failed: " + e, e);
        } catch (InterruptedException | BrokenBarrierException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs exchanges until no connection may start another; sink null: the warm-up, not recorded. */
    private void drive(Selector selector, List<Exchange> exchanges, Recorder.Sink sink) throws IOException {
        boolean warmup = sink == null;
        int active = 0;
        for (Exchange exchange : exchanges) {
            if (mayStart(warmup) && started(exchange, sink)) {
                active++;
            }
        }
        while (active > 0) {
            selector.select();
            for (SelectionKey key : selector.selectedKeys()) {
                Exchange exchange = (Exchange) key.attachment();
                int status;
                try {
                    status = exchange.progress();
                } catch (IOException e) {
                    exchange.close();
                    status = -1;
                }
                if (status == 0) {
                    continue; // not finished yet
                }
                long latency = System.nanoTime() - exchange.startedAt;
                if (!warmup) {
                    sink.record(status, latency);
                }
                if (!mayStart(warmup) || !started(exchange, sink)) {
                    active--;
                }
            }
            selector.selectedKeys().clear();
        }
    }

    /** false when the connection cannot be (re)opened: recorded as an error, and the connection stays idle. */
    private static boolean started(Exchange exchange, Recorder.Sink sink) {
        try {
            exchange.start();
            return true;
        } catch (IOException e) {
            exchange.close();
            if (sink != null) {
                sink.error();
            }
            return false;
        }
    }

    private boolean mayStart(boolean warmup) {
        return warmup ? warmupLeft.getAndDecrement() > 0
                : System.nanoTime() < recorder.deadline() && remaining.getAndDecrement() > 0;
    }

    /** One keep-alive connection and the exchange in flight on it: writing the request, then reading one answer. */
    private final class Exchange {
        private final Selector selector;
        private SocketChannel channel;
        private SelectionKey key;
        private final ByteBuffer out = ByteBuffer.wrap(request);
        private ByteBuffer in = ByteBuffer.allocate(16384);
        private long startedAt;

        Exchange(Selector selector) {
            this.selector = selector;
        }

        void start() throws IOException {
            if (channel == null) {
                channel = SocketChannel.open(address);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                key = channel.register(selector, 0, this);
            }
            startedAt = System.nanoTime();
            out.rewind();
            in.clear();
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** 0 while the answer is incomplete; its status once it is whole. */
        int progress() throws IOException {
            if (out.hasRemaining()) {
                channel.write(out);
                if (!out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                return 0;
            }
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            if (channel.read(in) < 0) {
                throw new EOFException("connection closed by the server");
            }
            ResponseHead response = Responses.complete(in.array(), in.position());
            if (response == null) {
                return 0;
            }
            if (response.close()) {
                close();
            }
            return response.status();
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the next exchange opens a new connection
                }
                channel = null;
                key = null;
            }
        }
    }

    /** Reads a whole HTTP/1.1 response at the start of a buffer. */
    private static final class Responses {

        private Responses() {
        }

        /** The response's head once the bytes hold all of it, body included (Content-Length or chunked); else null. */
        static ResponseHead complete(byte[] bytes, int length) throws IOException {
            int headEnd = indexOf(bytes, 0, length, "\r\n\r\n");
            if (headEnd < 0) {
                return null;
            }
            ResponseHead head = ResponseHead.parse(
                    List.of(new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n")));
            int body = headEnd + 4;
            if (head.chunked()) {
                return chunkedEnd(bytes, body, length) ? head : null;
            }
            if (head.contentLength() < 0) {
                throw new IOException("a response without Content-Length or chunked encoding");
            }
            return length - body >= head.contentLength() ? head : null;
        }

        private static boolean chunkedEnd(byte[] bytes, int at, int length) {
            while (true) {
                int lineEnd = indexOf(bytes, at, length, "\r\n");
                if (lineEnd < 0) {
                    return false;
                }
                String sizeLine = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
                long size = Long.parseLong(sizeLine.split(";")[0].trim(), 16);
                at = lineEnd + 2;
                if (size == 0) {
                    // trailers, then an empty line
                    return indexOf(bytes, at - 2, length, "\r\n\r\n") >= 0;
                }
                at += size + 2;
                if (at > length) {
                    return false;
                }
            }
        }

        private static int indexOf(byte[] bytes, int from, int length, String ascii) {
            outer:
            for (int i = from; i <= length - ascii.length(); i++) {
                for (int j = 0; j < ascii.length(); j++) {
                    if (bytes[i + j] != ascii.charAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
