package com.spots.enrichment.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The Lua script {@code sliding-windows.lua}, run by its SHA-1 with EVALSHA, the checks that arrive together in one
 * pipeline ({@link PipelinedScriptCalls}).
 * When the server does not know the script (after SCRIPT FLUSH, a restart or a failover) the NOSCRIPT reply
 * is answered with EVAL, which runs it and caches it on that server again.
 */
final class SlidingWindowScript {

    private static final String RESOURCE = "sliding-windows.lua";

    private final String source;
    private final String sha1;

    SlidingWindowScript() {
        try (InputStream in = SlidingWindowScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the classpath");
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sha1 = sha1Hex(source);
    }

    String sha1() {
        return sha1;
    }

    /**
     * Runs the calls in one pipeline and completes each with its reply, or fails it with its own error. A call the
     * server did not know the script for (NOSCRIPT) is run again with EVAL. A failure of the round trip itself
     * (connection lost, timeout) is thrown, for the caller to fail every call with.
     */
    @SuppressWarnings("unchecked")
    void runAll(UnifiedJedis redis, List<ScriptCall> calls) {
        List<Response<Object>> replies = new ArrayList<>(calls.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (ScriptCall call : calls) {
                replies.add(pipeline.evalsha(sha1, call.keys(), call.args()));
            }
            pipeline.sync();
        }
        for (int i = 0; i < calls.size(); i++) {
            ScriptCall call = calls.get(i);
            try {
                Object reply;
                try {
                    reply = replies.get(i).get();
                } catch (JedisNoScriptException e) {
                    reply = redis.eval(source, call.keys(), call.args());
                }
                call.complete((List<Long>) reply);
            } catch (RuntimeException e) {
                call.fail(e);
            }
        }
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
