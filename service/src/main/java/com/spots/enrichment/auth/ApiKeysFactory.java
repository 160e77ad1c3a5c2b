package com.spots.enrichment.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;

/** The {@code apiKeys} section of config.yml. */
public class ApiKeysFactory {

    @NotNull
    @Pattern(regexp = "[a-z0-9]+(_[a-z0-9]+)*", message = "must be lowercase letters and digits joined by '_'")
    private String prefix = "spots_poc";

    /** How long a looked-up key is trusted; revocation and limit changes take effect within this. */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.SECONDS, inclusive = true)
    @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
    private Duration cacheTtl = Duration.seconds(30);

    @Min(1)
    private long cacheMaxSize = 10_000;

    /** How often the in-memory last-used times are written to {@code api_keys.last_used_at}. */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration lastUsedFlushInterval = Duration.seconds(30);

    @JsonProperty
    public String getPrefix() {
        return prefix;
    }

    @JsonProperty
    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    @JsonProperty
    public Duration getCacheTtl() {
        return cacheTtl;
    }

    @JsonProperty
    public void setCacheTtl(Duration cacheTtl) {
        this.cacheTtl = cacheTtl;
    }

    @JsonProperty
    public long getCacheMaxSize() {
        return cacheMaxSize;
    }

    @JsonProperty
    public void setCacheMaxSize(long cacheMaxSize) {
        this.cacheMaxSize = cacheMaxSize;
    }

    @JsonProperty
    public Duration getLastUsedFlushInterval() {
        return lastUsedFlushInterval;
    }

    @JsonProperty
    public void setLastUsedFlushInterval(Duration lastUsedFlushInterval) {
        this.lastUsedFlushInterval = lastUsedFlushInterval;
    }
}
