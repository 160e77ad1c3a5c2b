package com.spots.enrichment.concurrent;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * At most {@code maxActive} requests running at once, the others waiting in arrival order (at most {@code maxQueued}
 * of them, each at most the wait it is given). On a machine with a few cores, dozens of requests sharing them each get
 * a slice of a core at random moments, so a request's latency depends on the luck of the scheduler; served in order,
 * each waits for the ones ahead of it and no longer. A request that waits on another service or on another request
 * ({@link #blocking}) gives its slot to the next one meanwhile, so a slow database computation never holds up
 * answers that need only the CPU.
 */
public final class ConcurrencyLimit {

    private final int maxActive;
    private final int maxQueued;
    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ThreadLocal<Boolean> holding = ThreadLocal.withInitial(() -> Boolean.FALSE);

    public ConcurrencyLimit(int maxActive, int maxQueued) {
        if (maxActive < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("maxActive must be at least 1 and maxQueued at least 0");
        }
        this.maxActive = maxActive;
        this.maxQueued = maxQueued;
        this.slots = new Semaphore(maxActive, true);
    }

    /**
     * Takes a slot for the calling thread, waiting in line for at most {@code maxWaitNanos}; false when the line is
     * full or the wait ran out (the caller then answers without running the request).
     */
    public boolean enter(long maxWaitNanos) throws InterruptedException {
        // the timed tryAcquire, even with 0: the untimed one takes a free slot ahead of requests already waiting
        if (!slots.tryAcquire(0, TimeUnit.NANOSECONDS)) {
            if (waiting.incrementAndGet() > maxQueued) {
                waiting.decrementAndGet();
                return false;
            }
            try {
                if (!slots.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                    return false;
                }
            } finally {
                waiting.decrementAndGet();
            }
        }
        holding.set(Boolean.TRUE);
        return true;
    }

    /** Gives back the calling thread's slot, if it holds one. */
    public void exit() {
        if (holding.get()) {
            holding.set(Boolean.FALSE);
            slots.release();
        }
    }

    /**
     * Runs a call that waits on something other than this machine's CPU (the database, another request's
     * computation) with the calling thread's slot given up meanwhile, then takes a slot again, waiting in line as
     * long as it takes: the work is done by then, so the answer is never refused for want of a slot. A thread
     * without a slot just runs the call.
     */
    public <T> T blocking(Supplier<T> call) {
        if (!holding.get()) {
            return call.get();
        }
        exit();
        try {
            return call.get();
        } finally {
            slots.acquireUninterruptibly();
            holding.set(Boolean.TRUE);
        }
    }

    public int maxActive() {
        return maxActive;
    }

    /** Requests running now. */
    public int active() {
        return maxActive - slots.availablePermits();
    }

    /** Requests waiting for a slot now. */
    public int queued() {
        return waiting.get();
    }
}
