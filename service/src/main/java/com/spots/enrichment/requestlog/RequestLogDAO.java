package com.spots.enrichment.requestlog;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;

/** Owns {@code api_request_logs}: bulk inserts through COPY, and retention deletes in small batches. */
public class RequestLogDAO {

    private static final String COPY = "COPY api_request_logs (api_key_id, partner_id, endpoint, method, status_code,"
            + " processing_time_ms, error_code, request_id, request_body, created_at) FROM STDIN (FORMAT csv)";

    private static final String DELETE_BATCH = "DELETE FROM api_request_logs WHERE id IN"
            + " (SELECT id FROM api_request_logs WHERE created_at < :cutoff LIMIT :limit)";

    private final DataSource writerDataSource;
    private final Jdbi jdbi;

    public RequestLogDAO(DataSource writerDataSource, Jdbi jdbi) {
        this.writerDataSource = writerDataSource;
        this.jdbi = jdbi;
    }

    /** Writes the entries in one COPY (one round trip, one transaction); all or none. */
    public long insert(List<RequestLogEntry> entries) throws SQLException {
        StringBuilder csv = new StringBuilder(entries.size() * 160);
        for (RequestLogEntry e : entries) {
            field(csv, e.apiKeyId() == null ? null : e.apiKeyId().toString()).append(',');
            field(csv, e.partnerId()).append(',');
            field(csv, e.endpoint()).append(',');
            field(csv, e.method()).append(',');
            csv.append(e.statusCode()).append(',');
            csv.append(e.processingTimeMs()).append(',');
            field(csv, e.errorCode()).append(',');
            field(csv, e.requestId()).append(',');
            field(csv, e.requestBody()).append(',');
            field(csv, e.createdAt().toString()).append('\n');
        }
        try (Connection connection = writerDataSource.getConnection()) {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into api_request_logs failed", "08006", e);
        }
    }

    /** Deletes at most {@code limit} rows older than {@code cutoff}; returns how many went. */
    public int deleteOlderThan(Instant cutoff, int limit) {
        return jdbi.withHandle(h -> h.createUpdate(DELETE_BATCH)
                .bind("cutoff", cutoff)
                .bind("limit", limit)
                .execute());
    }

    // CSV: NULL is an unquoted empty field, every value is quoted; PostgreSQL text cannot hold NUL.
    private static StringBuilder field(StringBuilder csv, String value) {
        if (value == null) {
            return csv;
        }
        csv.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                csv.append("\"\"");
            } else if (c != '\0') {
                csv.append(c);
            }
        }
        return csv.append('"');
    }
}
