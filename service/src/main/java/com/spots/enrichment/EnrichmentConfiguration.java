package com.spots.enrichment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.spots.enrichment.auth.ApiKeysFactory;
import com.spots.enrichment.http.HttpApiFactory;
import com.spots.enrichment.ratelimit.RateLimitFactory;
import com.spots.enrichment.redis.RedisFactory;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Mirrors config.yml: one property per top-level section. */
public class EnrichmentConfiguration extends Configuration {

    @Valid
    @NotNull
    private DataSourceFactory database = new DataSourceFactory();

    @Valid
    @NotNull
    private RedisFactory redis = new RedisFactory();

    @Valid
    @NotNull
    private ApiKeysFactory apiKeys = new ApiKeysFactory();

    @Valid
    @NotNull
    private HttpApiFactory api = new HttpApiFactory();

    @Valid
    @NotNull
    private RateLimitFactory rateLimit = new RateLimitFactory();

    @JsonProperty("database")
    public DataSourceFactory getDatabase() {
        return database;
    }

    @JsonProperty("database")
    public void setDatabase(DataSourceFactory database) {
        this.database = database;
    }

    @JsonProperty("redis")
    public RedisFactory getRedis() {
        return redis;
    }

    @JsonProperty("redis")
    public void setRedis(RedisFactory redis) {
        this.redis = redis;
    }

    @JsonProperty("apiKeys")
    public ApiKeysFactory getApiKeys() {
        return apiKeys;
    }

    @JsonProperty("apiKeys")
    public void setApiKeys(ApiKeysFactory apiKeys) {
        this.apiKeys = apiKeys;
    }

    @JsonProperty("api")
    public HttpApiFactory getApi() {
        return api;
    }

    @JsonProperty("api")
    public void setApi(HttpApiFactory api) {
        this.api = api;
    }

    @JsonProperty("rateLimit")
    public RateLimitFactory getRateLimit() {
        return rateLimit;
    }

    @JsonProperty("rateLimit")
    public void setRateLimit(RateLimitFactory rateLimit) {
        this.rateLimit = rateLimit;
    }
}
