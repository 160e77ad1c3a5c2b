package com.spots.enrichment.redis;

import java.net.SocketTimeoutException;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * After Redis restarts, every idle pooled connection is dead, and each would fail one request before the
 * pool notices. On the first such failure the idle connections are dropped instead, so the next attempt
 * connects afresh (checking connections on borrow would cost a PING per command instead).
 */
public final class StaleConnections {

    private StaleConnections() {
    }

    /** Drops the idle connections of every pool of the client. */
    public static void discardIdle(UnifiedJedis redis) {
        if (redis instanceof RedisClient client) {
            client.getPool().clear();
        } else if (redis instanceof RedisClusterClient cluster) {
            cluster.getClusterNodes().values().forEach(pool -> pool.clear());
        }
    }

    /**
     * True when the failure looks like a connection that died while idle (closed or reset by the peer), so
     * one retry on a fresh connection is worthwhile; false for timeouts, where a retry would only double the
     * wait on a hung server.
     */
    public static boolean worthRetrying(JedisConnectionException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return false;
            }
        }
        return true;
    }
}
