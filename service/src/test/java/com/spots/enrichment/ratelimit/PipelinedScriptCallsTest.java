package com.spots.enrichment.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How checks share round trips, with a sender that stands in for the pipeline (the real one runs against Redis in
 * SlidingWindowsTest, RedisOutageTest and the exactness tests): each call's reply is its own argument, echoed.
 */
class PipelinedScriptCallsTest {

    private static List<Long> echo(ScriptCall call) {
        return List.of(Long.parseLong(call.args().get(0)));
    }

    private static List<Long> check(PipelinedScriptCalls calls, long n) {
        return calls.run(List.of("k"), List.of(Long.toString(n)));
    }

    @Test
    void aCheckThatArrivesAloneGoesOutAtOnceOnItsOwn() {
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        PipelinedScriptCalls calls = new PipelinedScriptCalls(batch -> {
            batchSizes.add(batch.size());
            batch.forEach(c -> c.complete(echo(c)));
        });
        assertThat(check(calls, 7)).containsExactly(7L);
        assertThat(check(calls, 8)).containsExactly(8L);
        assertThat(batchSizes).containsExactly(1, 1);
    }

    @Test
    void concurrentChecksShareRoundTripsAndEachGetsItsOwnReply() throws Exception {
        AtomicInteger roundTrips = new AtomicInteger();
        PipelinedScriptCalls calls = new PipelinedScriptCalls(batch -> {
            roundTrips.incrementAndGet();
            sleep(2); // a round trip takes a while: the checks arriving meanwhile queue for the next one
            batch.forEach(c -> c.complete(echo(c)));
        });
        int threads = 16;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long base = t * 1000L;
                results.add(pool.submit(() -> {
                    start.await();
                    for (long i = 0; i < perThread; i++) {
                        if (!check(calls, base + i).equals(List.of(base + i))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            start.countDown();
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).as("every reply is the caller's own").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(roundTrips.get()).as("round trips for %d checks", threads * perThread)
                .isLessThan(threads * perThread / 4);
    }

    @Test
    void aFailedRoundTripFailsEveryCheckInItAndTheNextOneStillGoesOut() {
        AtomicInteger roundTrips = new AtomicInteger();
        PipelinedScriptCalls calls = new PipelinedScriptCalls(batch -> {
            if (roundTrips.incrementAndGet() == 1) {
                throw new IllegalStateException("connection reset");
            }
            batch.forEach(c -> c.complete(echo(c)));
        });
        assertThatThrownBy(() -> check(calls, 1)).hasMessage("connection reset");
        assertThat(check(calls, 2)).containsExactly(2L);
    }

    @Test
    void aCheckWhoseOwnReplyIsAnErrorFailsAloneInItsRoundTrip() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        PipelinedScriptCalls calls = new PipelinedScriptCalls(batch -> {
            batchSizes.add(batch.size());
            for (ScriptCall c : batch) {
                switch (c.args().get(0)) {
                    case "0" -> await(release); // holds the first round trip while the other two queue
                    case "13" -> c.fail(new IllegalArgumentException("ERR script error"));
                    default -> { }
                }
                if (!c.done()) {
                    c.complete(echo(c));
                }
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<List<Long>> blocker = pool.submit(() -> check(calls, 0));
            sleep(50);
            Future<List<Long>> good = pool.submit(() -> check(calls, 12));
            Future<Throwable> bad = pool.submit(() -> {
                try {
                    check(calls, 13);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            sleep(50);
            release.countDown();
            assertThat(blocker.get(10, TimeUnit.SECONDS)).containsExactly(0L);
            assertThat(good.get(10, TimeUnit.SECONDS)).containsExactly(12L);
            assertThat(bad.get(10, TimeUnit.SECONDS)).hasMessage("ERR script error");
            assertThat(batchSizes).as("the two queued checks went out together").containsExactly(1, 2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSenderThatLeavesACallUnansweredFailsItInsteadOfLeavingItsCallerWaiting() {
        PipelinedScriptCalls calls = new PipelinedScriptCalls(batch -> { });
        assertThatThrownBy(() -> check(calls, 3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a reply");
    }

    @Test
    void anInterruptedCallerStillGetsItsReplyAndKeepsItsInterrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PipelinedScriptCalls calls = new PipelinedScriptCalls(batch -> {
            await(release);
            batch.forEach(c -> c.complete(echo(c)));
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // the first check holds the round trip; the second waits for the next one and is interrupted meanwhile
            Future<List<Long>> first = pool.submit(() -> check(calls, 1));
            sleep(50);
            AtomicReference<Thread> waiter = new AtomicReference<>();
            Future<Boolean> second = pool.submit(() -> {
                waiter.set(Thread.currentThread());
                return check(calls, 2).equals(List.of(2L)) && Thread.currentThread().isInterrupted();
            });
            sleep(50);
            waiter.get().interrupt();
            sleep(50);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(1L);
            assertThat(second.get(10, TimeUnit.SECONDS)).as("reply received, interrupt kept").isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
