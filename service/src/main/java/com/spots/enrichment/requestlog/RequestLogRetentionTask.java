package com.spots.enrichment.requestlog;

import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** {@code POST /tasks/request-log-retention} on the admin port: runs the retention delete now. */
public class RequestLogRetentionTask extends Task {

    private final RequestLogRetention retention;

    public RequestLogRetentionTask(RequestLogRetention retention) {
        super("request-log-retention");
        this.retention = retention;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        long deleted = retention.purge();
        output.printf("deleted %d request-log rows older than %s%n", deleted, retention.retention());
    }
}
