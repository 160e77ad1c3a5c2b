package com.spots.enrichment.segments;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code market_segments} table: each partner's segments, always addressed by (partner, segment_id). */
public interface MarketSegmentDAO {

    @SqlQuery("SELECT definition_hash FROM market_segments WHERE partner_id = :partner AND segment_id = :segment")
    Optional<String> findHash(@Bind("partner") String partner, @Bind("segment") String segment);

    @SqlQuery("SELECT definition_hash FROM market_segments WHERE partner_id = :partner AND segment_id = :segment"
            + " FOR UPDATE")
    Optional<String> lockHash(@Bind("partner") String partner, @Bind("segment") String segment);

    @SqlUpdate("INSERT INTO market_segments (partner_id, segment_id, definition, definition_hash, expires_at)"
            + " VALUES (:partner, :segment, CAST(:definition AS jsonb), :hash, :expiresAt)"
            + " ON CONFLICT (partner_id, segment_id) DO UPDATE SET definition = EXCLUDED.definition,"
            + " definition_hash = EXCLUDED.definition_hash, sample_size = NULL, data_freshness = NULL,"
            + " updated_at = now(), expires_at = EXCLUDED.expires_at")
    void upsert(@Bind("partner") String partner, @Bind("segment") String segment,
                @Bind("definition") String definition, @Bind("hash") String hash,
                @Bind("expiresAt") Instant expiresAt);

    /** Facts of the latest computation, on every segment of the partner with that definition. */
    @SqlUpdate("UPDATE market_segments SET sample_size = :sampleSize, data_freshness = :freshness,"
            + " expires_at = :expiresAt, updated_at = now() WHERE partner_id = :partner AND definition_hash = :hash")
    void recordComputation(@Bind("partner") String partner, @Bind("hash") String hash,
                           @Bind("sampleSize") int sampleSize, @Bind("freshness") Instant freshness,
                           @Bind("expiresAt") Instant expiresAt);
}
