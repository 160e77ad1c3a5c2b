package com.spots.enrichment.requestlog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The {@code requestLog} section of config.yml. */
public class RequestLogFactory {

    /**
     * Off only to measure the cost of logging (ops/bench requestlog): the contract wants every authenticated
     * request recorded.
     */
    private boolean enabled = true;

    /** Entries waiting to be written; beyond this, new entries are dropped and counted. */
    @Min(1)
    private int queueCapacity = 100_000;

    @Min(1)
    @Max(50_000)
    private int batchSize = 1_000;

    /** The longest an entry waits in the queue while the database is reachable. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration flushInterval = Duration.milliseconds(200);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration retryMinBackoff = Duration.milliseconds(100);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration retryMaxBackoff = Duration.seconds(5);

    /**
     * The longest one batch insert may take: the database cancels a write still running after this (waiting on a
     * lock, say), so a failed write is certain not to have committed when it is retried, and no batch is written
     * twice. The writer's connections wait longer than this for an answer (at least 10 s more).
     */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration writeTimeout = Duration.seconds(10);

    /** How long a stopping server keeps trying to write what is queued while the database is down. */
    @NotNull
    private Duration shutdownTimeout = Duration.seconds(30);

    /** Consecutive failed writes after which the health check reports the writer unhealthy. */
    @Min(1)
    private int unhealthyAfterFailures = 3;

    private boolean storeRequestBodies = false;

    @NotNull
    @MinDataSize(0)
    private DataSize maxBodySize = DataSize.kibibytes(4);

    /** Rows older than this are deleted by the retention job. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.DAYS)
    private Duration retention = Duration.days(90);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration retentionInterval = Duration.hours(1);

    /** Rows per DELETE statement: small, so no statement holds locks for long. */
    @Min(1)
    private int retentionBatchSize = 5_000;

    /** Partners with a label of their own in the per-partner metrics; later ones are counted as "other". */
    @Min(0)
    private int metricsMaxPartners = 100;

    /**
     * The writer's own connection pool; when absent, the {@code database} section's settings with a pool of
     * two, so the writer never competes with request threads for connections.
     */
    @Valid
    private DataSourceFactory database;

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public int getQueueCapacity() {
        return queueCapacity;
    }

    @JsonProperty
    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    @JsonProperty
    public int getBatchSize() {
        return batchSize;
    }

    @JsonProperty
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    @JsonProperty
    public Duration getFlushInterval() {
        return flushInterval;
    }

    @JsonProperty
    public void setFlushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
    }

    @JsonProperty
    public Duration getRetryMinBackoff() {
        return retryMinBackoff;
    }

    @JsonProperty
    public void setRetryMinBackoff(Duration retryMinBackoff) {
        this.retryMinBackoff = retryMinBackoff;
    }

    @JsonProperty
    public Duration getRetryMaxBackoff() {
        return retryMaxBackoff;
    }

    @JsonProperty
    public void setRetryMaxBackoff(Duration retryMaxBackoff) {
        this.retryMaxBackoff = retryMaxBackoff;
    }

    @JsonProperty
    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    @JsonProperty
    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    @JsonProperty
    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    @JsonProperty
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    @JsonProperty
    public int getUnhealthyAfterFailures() {
        return unhealthyAfterFailures;
    }

    @JsonProperty
    public void setUnhealthyAfterFailures(int unhealthyAfterFailures) {
        this.unhealthyAfterFailures = unhealthyAfterFailures;
    }

    @JsonProperty
    public boolean isStoreRequestBodies() {
        return storeRequestBodies;
    }

    @JsonProperty
    public void setStoreRequestBodies(boolean storeRequestBodies) {
        this.storeRequestBodies = storeRequestBodies;
    }

    @JsonProperty
    public DataSize getMaxBodySize() {
        return maxBodySize;
    }

    @JsonProperty
    public void setMaxBodySize(DataSize maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    @JsonProperty
    public Duration getRetention() {
        return retention;
    }

    @JsonProperty
    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    @JsonProperty
    public Duration getRetentionInterval() {
        return retentionInterval;
    }

    @JsonProperty
    public void setRetentionInterval(Duration retentionInterval) {
        this.retentionInterval = retentionInterval;
    }

    @JsonProperty
    public int getRetentionBatchSize() {
        return retentionBatchSize;
    }

    @JsonProperty
    public void setRetentionBatchSize(int retentionBatchSize) {
        this.retentionBatchSize = retentionBatchSize;
    }

    @JsonProperty
    public int getMetricsMaxPartners() {
        return metricsMaxPartners;
    }

    @JsonProperty
    public void setMetricsMaxPartners(int metricsMaxPartners) {
        this.metricsMaxPartners = metricsMaxPartners;
    }

    @JsonProperty
    public DataSourceFactory getDatabase() {
        return database;
    }

    @JsonProperty
    public void setDatabase(DataSourceFactory database) {
        this.database = database;
    }

    /** The writer's pool settings: its own section, or the main database's with a pool of two. */
    public DataSourceFactory writerDataSource(DataSourceFactory main) {
        DataSourceFactory pool = database != null ? database : derivedFrom(main);
        pool.setProperties(withWriteTimeout(pool.getProperties()));
        return pool;
    }

    // statement_timeout on the server, and a client socket timeout comfortably longer: were the client to give up
    // first, the insert it retries could still commit on the server (a batch written twice).
    private Map<String, String> withWriteTimeout(Map<String, String> properties) {
        Map<String, String> timed = new LinkedHashMap<>(properties);
        long millis = writeTimeout.toMilliseconds();
        String option = "-c statement_timeout=" + millis;
        timed.merge("options", option, (given, ours) -> given + " " + ours);
        // pgjdbc's socketTimeout is in seconds; absent or 0, the client waits for as long as it takes
        long socketSeconds = TimeUnit.MILLISECONDS.toSeconds(millis + 999) + 10;
        String given = timed.getOrDefault("socketTimeout", "0").trim();
        long givenSeconds = given.matches("[0-9]{1,9}") ? Long.parseLong(given) : 0;
        if (givenSeconds > 0 && givenSeconds < socketSeconds) {
            timed.put("socketTimeout", Long.toString(socketSeconds));
        }
        return timed;
    }

    private static DataSourceFactory derivedFrom(DataSourceFactory main) {
        DataSourceFactory own = new DataSourceFactory();
        own.setDriverClass(main.getDriverClass());
        own.setUrl(main.getUrl());
        own.setUser(main.getUser());
        own.setPassword(main.getPassword());
        own.setProperties(new LinkedHashMap<>(main.getProperties()));
        own.getProperties().put("ApplicationName", main.getProperties()
                .getOrDefault("ApplicationName", "enrichment-api") + "-request-log");
        main.getValidationQuery().ifPresent(own::setValidationQuery);
        own.setValidationQueryTimeout(main.getValidationQueryTimeout().orElse(null));
        own.setCheckConnectionWhileIdle(main.getCheckConnectionWhileIdle());
        // One validation per batch, so a connection broken by an outage is replaced instead of failing again.
        own.setCheckConnectionOnBorrow(true);
        own.setMaxWaitForConnection(main.getMaxWaitForConnection());
        own.setInitialSize(1);
        own.setMinSize(1);
        own.setMaxSize(2);
        return own;
    }
}
