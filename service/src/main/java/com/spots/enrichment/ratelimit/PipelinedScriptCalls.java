package com.spots.enrichment.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Rate-limit checks that arrive together share one Redis round trip. A check joins a queue; whichever waiting
 * caller holds the sender's lock takes every queued check and sends them in one pipeline (one write and one read on
 * each side, one wake-up of Redis), then hands each its reply. A check that arrives alone goes out at once, on its
 * caller's thread, as a single call would. Under load, the system calls and context switches of a round trip, which
 * on the service's two cores cost more than the script itself, are shared by the checks in it.
 */
final class PipelinedScriptCalls {

    private final Consumer<List<ScriptCall>> sender;
    private final ConcurrentLinkedQueue<ScriptCall> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock sending = new ReentrantLock();

    /** sender: runs the calls in one round trip and completes or fails each of them; what it throws fails them all. */
    PipelinedScriptCalls(Consumer<List<ScriptCall>> sender) {
        this.sender = sender;
    }

    List<Long> run(List<String> keys, List<String> args) {
        ScriptCall call = new ScriptCall(keys, args);
        queue.add(call);
        boolean interrupted = false;
        while (!call.done()) {
            if (sending.tryLock()) {
                try {
                    while (!call.done()) {
                        sendQueued();
                    }
                } finally {
                    sending.unlock();
                }
                // A check queued after the last batch was taken may be parked waiting for the lock: wake it to send.
                ScriptCall next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller());
                }
            } else {
                LockSupport.park(this); // until its reply comes, or the lock is let go
                // the call is already queued or on its way: wait for it, and pass the interrupt on afterwards
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return call.reply();
    }

    private void sendQueued() {
        List<ScriptCall> batch = new ArrayList<>();
        for (ScriptCall queued; (queued = queue.poll()) != null; ) {
            batch.add(queued);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            sender.accept(batch);
        } catch (RuntimeException e) {
            failUnfinished(batch, e);
        } finally {
            // whatever happened (even an Error), no caller waits for a reply that will not come
            failUnfinished(batch, new IllegalStateException("the rate-limit round trip ended without a reply"));
        }
    }

    private static void failUnfinished(List<ScriptCall> batch, RuntimeException e) {
        for (ScriptCall c : batch) {
            if (!c.done()) {
                c.fail(e);
            }
        }
    }
}
