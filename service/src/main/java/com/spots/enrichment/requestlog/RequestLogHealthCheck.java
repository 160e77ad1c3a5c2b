package com.spots.enrichment.requestlog;

import com.codahale.metrics.health.HealthCheck;

/** Unhealthy while the writer's queue is over 80 % full or its writes keep failing. */
public class RequestLogHealthCheck extends HealthCheck {

    private static final double MAX_FILL = 0.8;

    private final RequestLogWriter writer;
    private final int unhealthyAfterFailures;

    public RequestLogHealthCheck(RequestLogWriter writer, int unhealthyAfterFailures) {
        this.writer = writer;
        this.unhealthyAfterFailures = unhealthyAfterFailures;
    }

    @Override
    protected Result check() {
        int depth = writer.queueDepth();
        int capacity = writer.queueCapacity();
        int failures = writer.consecutiveFailures();
        if (failures >= unhealthyAfterFailures) {
            return Result.unhealthy("request-log writes failing: %d in a row (%s); %d of %d queued entries waiting",
                    failures, writer.lastError(), depth, capacity);
        }
        if (depth > MAX_FILL * capacity) {
            return Result.unhealthy("request-log queue %d of %d full", depth, capacity);
        }
        return Result.healthy("%d of %d queued, %d dropped since start", depth, capacity, writer.droppedCount());
    }
}
