package com.spots.enrichment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.spots.enrichment.auth.ApiKeysFactory;
import com.spots.enrichment.http.HttpApiFactory;
import com.spots.enrichment.privacy.PrivacyFactory;
import com.spots.enrichment.ratelimit.RateLimitFactory;
import com.spots.enrichment.redis.RedisFactory;
import com.spots.enrichment.requestlog.RequestLogFactory;
import com.spots.enrichment.segments.SegmentsFactory;
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
    private RequestLogFactory requestLog = new RequestLogFactory();

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

    @JsonProperty("requestLog")
    public RequestLogFactory getRequestLog() {
        return requestLog;
    }

    @JsonProperty("requestLog")
    public void setRequestLog(RequestLogFactory requestLog) {
        this.requestLog = requestLog;
    }

    @Valid
    @NotNull
    private SegmentsFactory segments = new SegmentsFactory();

    @Valid
    @NotNull
    private PrivacyFactory privacy = new PrivacyFactory();

    @JsonProperty("segments")
    public SegmentsFactory getSegments() {
        return segments;
    }

    @JsonProperty("segments")
    public void setSegments(SegmentsFactory segments) {
        this.segments = segments;
    }

    @JsonProperty("privacy")
    public PrivacyFactory getPrivacy() {
        return privacy;
    }

    @JsonProperty("privacy")
    public void setPrivacy(PrivacyFactory privacy) {
        this.privacy = privacy;
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
