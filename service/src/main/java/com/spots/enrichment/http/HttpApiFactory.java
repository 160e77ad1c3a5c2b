package com.spots.enrichment.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** The {@code api} section of config.yml: HTTP-level limits and CORS for the partner API. */
public class HttpApiFactory {

    @NotNull
    @MinDataSize(1)
    @MaxDataSize(value = 16, unit = io.dropwizard.util.DataSizeUnit.MEBIBYTES)
    private DataSize maxRequestBodySize = DataSize.kibibytes(64);

    @NotEmpty
    private List<String> corsAllowedOrigins = List.of("*");

    @NotNull
    private Duration corsMaxAge = Duration.hours(1);

    @Valid
    @NotNull
    private ConcurrencyLimitFactory concurrency = new ConcurrencyLimitFactory();

    @JsonProperty
    public DataSize getMaxRequestBodySize() {
        return maxRequestBodySize;
    }

    @JsonProperty
    public void setMaxRequestBodySize(DataSize maxRequestBodySize) {
        this.maxRequestBodySize = maxRequestBodySize;
    }

    @JsonProperty
    public List<String> getCorsAllowedOrigins() {
        return corsAllowedOrigins;
    }

    @JsonProperty
    public void setCorsAllowedOrigins(List<String> corsAllowedOrigins) {
        this.corsAllowedOrigins = corsAllowedOrigins;
    }

    @JsonProperty
    public Duration getCorsMaxAge() {
        return corsMaxAge;
    }

    @JsonProperty
    public void setCorsMaxAge(Duration corsMaxAge) {
        this.corsMaxAge = corsMaxAge;
    }

    @JsonProperty
    public ConcurrencyLimitFactory getConcurrency() {
        return concurrency;
    }

    @JsonProperty
    public void setConcurrency(ConcurrencyLimitFactory concurrency) {
        this.concurrency = concurrency;
    }
}
