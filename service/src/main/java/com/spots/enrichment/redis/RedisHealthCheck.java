package com.spots.enrichment.redis;

import com.codahale.metrics.health.HealthCheck;
import redis.clients.jedis.UnifiedJedis;

/** Healthy when Redis answers PING within the client's socket timeout. */
public class RedisHealthCheck extends HealthCheck {

    private final UnifiedJedis redis;

    public RedisHealthCheck(UnifiedJedis redis) {
        this.redis = redis;
    }

    @Override
    protected Result check() {
        try {
            String pong = redis.ping();
            return "PONG".equals(pong) ? Result.healthy() : Result.unhealthy("unexpected PING reply");
        } catch (RuntimeException e) {
            return Result.unhealthy("Redis unreachable: " + e.getClass().getSimpleName());
        }
    }
}
