package com.spots.enrichment.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The Lua script {@code sliding-windows.lua}, run by its SHA-1 with EVALSHA: one round trip per request.
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

    @SuppressWarnings("unchecked")
    List<Long> run(UnifiedJedis redis, List<String> keys, List<String> args) {
        Object reply;
        try {
            reply = redis.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException e) {
            reply = redis.eval(source, keys, args);
        }
        return (List<Long>) reply;
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
