package com.spots.enrichment.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The slots themselves, with real threads: order, the line's bound, the wait's bound, giving a slot up. */
class ConcurrencyLimitTest {

    private static final long LONG = TimeUnit.SECONDS.toNanos(10);
    private static final Executor NEW_THREAD = runnable -> new Thread(runnable).start();

    @Test
    void waitingThreadsTakeTheSlotInTheOrderTheyArrived() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(1, 10);
        assertThat(limit.enter(LONG)).isTrue();
        List<Integer> order = new CopyOnWriteArrayList<>();
        CompletableFuture<?>[] waiters = new CompletableFuture<?>[5];
        for (int i = 0; i < waiters.length; i++) {
            int n = i;
            waiters[i] = waitingInLine(() -> {
                enterOrFail(limit);
                order.add(n);
                limit.exit();
            });
        }
        assertThat(limit.queued()).isEqualTo(5);
        limit.exit();
        CompletableFuture.allOf(waiters).get(10, TimeUnit.SECONDS);
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aFreedSlotGoesToTheThreadAlreadyWaitingNotToANewcomer() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(1, 10);
        assertThat(limit.enter(LONG)).isTrue();
        CountDownLatch keep = new CountDownLatch(1);
        CompletableFuture<Void> first = waitingInLine(() -> {
            enterOrFail(limit);
            awaitLatch(keep);
            limit.exit();
        });
        limit.exit();
        assertThat(limit.enter(TimeUnit.MILLISECONDS.toNanos(100))).isFalse();
        keep.countDown();
        first.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aThreadFindingTheLineFullIsRefusedWithoutWaiting() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(1, 1);
        assertThat(limit.enter(LONG)).isTrue();
        CompletableFuture<Void> waiter = waitingInLine(() -> {
            enterOrFail(limit);
            limit.exit();
        });

        long started = System.nanoTime();
        assertThat(limit.enter(LONG)).isFalse();
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(1));
        limit.exit();
        waiter.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aThreadWaitingLongerThanItsMaximumIsRefusedAndLeavesTheLine() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(1, 1);
        assertThat(limit.enter(LONG)).isTrue();
        long started = System.nanoTime();
        assertThat(limit.enter(TimeUnit.MILLISECONDS.toNanos(200))).isFalse();
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(limit.queued()).isZero();
    }

    @Test
    void aBlockingCallGivesTheSlotToTheNextThreadAndTakesItBackAfterwards() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(1, 1);
        assertThat(limit.enter(LONG)).isTrue();
        CountDownLatch otherRan = new CountDownLatch(1);
        String result = limit.blocking(() -> {
            CompletableFuture.runAsync(() -> {
                enterOrFail(limit);
                otherRan.countDown();
                limit.exit();
            }, NEW_THREAD);
            awaitLatch(otherRan);
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(limit.active()).isEqualTo(1);
        limit.exit();
        assertThat(limit.active()).isZero();
    }

    @Test
    void aThreadWithoutASlotRunsABlockingCallWithoutTakingOne() {
        ConcurrencyLimit limit = new ConcurrencyLimit(1, 0);
        assertThat(limit.blocking(limit::active)).isZero();
        assertThat(limit.active()).isZero();
    }

    private static void enterOrFail(ConcurrencyLimit limit) {
        try {
            assertThat(limit.enter(LONG)).as("a slot within 10 s").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs the work on a thread of its own and returns once that thread is parked, waiting for a slot. */
    private static CompletableFuture<Void> waitingInLine(Runnable work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.TIMED_WAITING && !done.isDone()) {
            assertThat(System.nanoTime()).as("waiting within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
        return done;
    }
}
