package com.spots.enrichment.ratelimit;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** One request's run of the sliding-window script: its keys and arguments, and the reply or failure it got. */
final class ScriptCall {

    private final List<String> keys;
    private final List<String> args;
    private final Thread caller = Thread.currentThread();
    private volatile boolean done;
    private List<Long> reply;
    private RuntimeException failure;

    ScriptCall(List<String> keys, List<String> args) {
        this.keys = keys;
        this.args = args;
    }

    List<String> keys() {
        return keys;
    }

    List<String> args() {
        return args;
    }

    Thread caller() {
        return caller;
    }

    boolean done() {
        return done;
    }

    void complete(List<Long> value) {
        reply = value;
        finish();
    }

    void fail(RuntimeException error) {
        failure = error;
        finish();
    }

    /** The reply; throws the failure instead when the call failed. Only once {@link #done()}. */
    List<Long> reply() {
        if (failure != null) {
            throw failure;
        }
        return reply;
    }

    private void finish() {
        done = true; // the volatile write publishes reply and failure to the caller
        LockSupport.unpark(caller);
    }
}
