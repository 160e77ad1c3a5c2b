package com.spots.enrichment.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.spots.enrichment.concurrent.ConcurrencyLimit;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code api.concurrency} section of config.yml: how many requests run at once on the application port, how many
 * wait in line for a turn and for how long (see {@link ConcurrencyLimit}); beyond that, 503 SERVICE_UNAVAILABLE.
 */
public class ConcurrencyLimitFactory {

    private boolean enabled = true;

    /** 0: eight per processor the JVM sees (a slot is also held through its Redis round trip; docs/operations.md). */
    @Min(0)
    @Max(10_000)
    private int maxActiveRequests = 0;

    @Min(0)
    @Max(100_000)
    private int maxQueuedRequests = 500;

    @NotNull
    @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    private Duration maxQueueWait = Duration.seconds(2);

    /** Paths never held up or refused (the health checks a load balancer or orchestrator probes). */
    @NotNull
    private List<String> exemptPaths = List.of("/health-check");

    public ConcurrencyLimit build() {
        int active = maxActiveRequests > 0 ? maxActiveRequests : 8 * Runtime.getRuntime().availableProcessors();
        return new ConcurrencyLimit(active, maxQueuedRequests);
    }

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public int getMaxActiveRequests() {
        return maxActiveRequests;
    }

    @JsonProperty
    public void setMaxActiveRequests(int maxActiveRequests) {
        this.maxActiveRequests = maxActiveRequests;
    }

    @JsonProperty
    public int getMaxQueuedRequests() {
        return maxQueuedRequests;
    }

    @JsonProperty
    public void setMaxQueuedRequests(int maxQueuedRequests) {
        this.maxQueuedRequests = maxQueuedRequests;
    }

    @JsonProperty
    public Duration getMaxQueueWait() {
        return maxQueueWait;
    }

    @JsonProperty
    public void setMaxQueueWait(Duration maxQueueWait) {
        this.maxQueueWait = maxQueueWait;
    }

    @JsonProperty
    public List<String> getExemptPaths() {
        return exemptPaths;
    }

    @JsonProperty
    public void setExemptPaths(List<String> exemptPaths) {
        this.exemptPaths = exemptPaths;
    }
}
