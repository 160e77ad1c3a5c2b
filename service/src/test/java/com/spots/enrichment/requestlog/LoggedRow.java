package com.spots.enrichment.requestlog;

import com.spots.enrichment.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of api_request_logs as a test reads it back. */
record LoggedRow(UUID apiKeyId, String partnerId, String endpoint, String method, int statusCode,
                 int processingTimeMs, String errorCode, String requestId, String requestBody, Instant createdAt) {

    static List<LoggedRow> forKey(TestDatabase db, UUID keyId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT api_key_id, partner_id, endpoint, method, status_code,"
                        + " processing_time_ms, error_code, request_id, request_body, created_at"
                        + " FROM api_request_logs WHERE api_key_id = :k ORDER BY id")
                .bind("k", keyId)
                .map((rs, ctx) -> new LoggedRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getTimestamp(10).toInstant()))
                .list());
    }

    static long countForKey(TestDatabase db, UUID keyId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM api_request_logs WHERE api_key_id = :k")
                .bind("k", keyId).mapTo(Long.class).one());
    }

    static long countByRequestId(TestDatabase db, String requestId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM api_request_logs WHERE request_id = :r")
                .bind("r", requestId).mapTo(Long.class).one());
    }

    /** Waits (up to 20 s) until the key has at least {@code n} rows, then returns them. */
    static List<LoggedRow> awaitForKey(TestDatabase db, UUID keyId, int n) {
        awaitCount(db, keyId, n, Duration.ofSeconds(20));
        return forKey(db, keyId);
    }

    static long awaitCount(TestDatabase db, UUID keyId, long n, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        long count;
        while ((count = countForKey(db, keyId)) < n && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return count;
    }
}
