package com.spots.enrichment.segments;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code segment_aggregate_cache} table: aggregate JSON per (partner, definition, endpoint, window, sections). */
@RegisterConstructorMapper(CachedAggregate.Row.class)
public interface SegmentAggregateDAO {

    @SqlQuery("SELECT payload::text AS payload, computed_at, expires_at FROM segment_aggregate_cache"
            + " WHERE partner_id = :partner AND definition_hash = :hash AND endpoint = :endpoint"
            + " AND window_days = :window AND sections = :sections AND expires_at > now()")
    Optional<CachedAggregate.Row> find(@Bind("partner") String partner, @Bind("hash") String hash,
                                       @Bind("endpoint") String endpoint, @Bind("window") int window,
                                       @Bind("sections") String sections);

    @SqlUpdate("INSERT INTO segment_aggregate_cache (partner_id, definition_hash, endpoint, window_days, sections,"
            + " payload, computed_at, expires_at) VALUES (:partner, :hash, :endpoint, :window, :sections,"
            + " CAST(:payload AS jsonb), :computedAt, :expiresAt)"
            + " ON CONFLICT (partner_id, definition_hash, endpoint, window_days, sections) DO UPDATE SET"
            + " payload = EXCLUDED.payload, computed_at = EXCLUDED.computed_at, expires_at = EXCLUDED.expires_at")
    void store(@Bind("partner") String partner, @Bind("hash") String hash, @Bind("endpoint") String endpoint,
               @Bind("window") int window, @Bind("sections") String sections, @Bind("payload") String payload,
               @Bind("computedAt") Instant computedAt, @Bind("expiresAt") Instant expiresAt);

    /** A replaced definition's aggregates go, unless another segment of the same partner still has it. */
    @SqlUpdate("DELETE FROM segment_aggregate_cache c WHERE c.partner_id = :partner AND c.definition_hash = :hash"
            + " AND NOT EXISTS (SELECT 1 FROM market_segments s WHERE s.partner_id = :partner"
            + " AND s.definition_hash = :hash)")
    int invalidate(@Bind("partner") String partner, @Bind("hash") String hash);

    @SqlUpdate("DELETE FROM segment_aggregate_cache WHERE expires_at <= now()")
    int deleteExpired();
}
