package com.spots.enrichment.redis;

import io.dropwizard.lifecycle.Managed;
import redis.clients.jedis.UnifiedJedis;

/** Closes the Redis connection pool when the server stops. */
public class ManagedRedisClient implements Managed {

    private final UnifiedJedis redis;

    public ManagedRedisClient(UnifiedJedis redis) {
        this.redis = redis;
    }

    @Override
    public void stop() {
        redis.close();
    }
}
