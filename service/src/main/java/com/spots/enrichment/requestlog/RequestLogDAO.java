package com.spots.enrichment.requestlog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** Owns {@code api_request_logs}: bulk inserts of whole batches, and retention deletes in small batches. */
public class RequestLogDAO {

    // One statement per batch: the columns travel as arrays (COPY FROM is refused on tables with row-level security).
    private static final String INSERT = "INSERT INTO api_request_logs (api_key_id, partner_id, endpoint, method,"
            + " status_code, processing_time_ms, error_code, request_id, request_body, created_at)"
            + " SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[],"
            + " ?::text[], ?::text[], ?::timestamptz[])";

    private static final String DELETE_BATCH = "DELETE FROM api_request_logs WHERE id IN"
            + " (SELECT id FROM api_request_logs WHERE created_at < :cutoff LIMIT :limit)";

    private final DataSource writerDataSource;
    private final Jdbi jdbi;

    public RequestLogDAO(DataSource writerDataSource, Jdbi jdbi) {
        this.writerDataSource = writerDataSource;
        this.jdbi = jdbi;
    }

    /** Writes the entries in one statement (one round trip, one transaction): all or none. */
    public int insert(List<RequestLogEntry> entries) throws SQLException {
        int n = entries.size();
        UUID[] keyIds = new UUID[n];
        String[] partners = new String[n];
        String[] endpoints = new String[n];
        String[] methods = new String[n];
        Integer[] statuses = new Integer[n];
        Integer[] times = new Integer[n];
        String[] errorCodes = new String[n];
        String[] requestIds = new String[n];
        String[] bodies = new String[n];
        OffsetDateTime[] createdAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            RequestLogEntry e = entries.get(i);
            keyIds[i] = e.apiKeyId();
            partners[i] = text(e.partnerId());
            endpoints[i] = text(e.endpoint());
            methods[i] = text(e.method());
            statuses[i] = e.statusCode();
            times[i] = e.processingTimeMs();
            errorCodes[i] = text(e.errorCode());
            requestIds[i] = text(e.requestId());
            bodies[i] = text(e.requestBody());
            createdAt[i] = e.createdAt().atOffset(ZoneOffset.UTC);
        }
        try (Connection connection = writerDataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setArray(1, connection.createArrayOf("uuid", keyIds));
            insert.setArray(2, connection.createArrayOf("text", partners));
            insert.setArray(3, connection.createArrayOf("text", endpoints));
            insert.setArray(4, connection.createArrayOf("text", methods));
            insert.setArray(5, connection.createArrayOf("int4", statuses));
            insert.setArray(6, connection.createArrayOf("int4", times));
            insert.setArray(7, connection.createArrayOf("text", errorCodes));
            insert.setArray(8, connection.createArrayOf("text", requestIds));
            insert.setArray(9, connection.createArrayOf("text", bodies));
            insert.setArray(10, connection.createArrayOf("timestamptz", createdAt));
            return insert.executeUpdate();
        }
    }

    /** Deletes at most {@code limit} rows older than {@code cutoff}; returns how many went. */
    public int deleteOlderThan(Instant cutoff, int limit) {
        return jdbi.withHandle(h -> h.createUpdate(DELETE_BATCH)
                .bind("cutoff", cutoff)
                .bind("limit", limit)
                .execute());
    }

    // PostgreSQL text cannot hold NUL characters.
    private static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace("\0", "");
    }
}
