package com.spots.enrichment.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** The {@code api_keys} table. Only hashes go in; nothing here ever returns one. */
@RegisterConstructorMapper(ApiKey.class)
public interface ApiKeyDAO {

    String COLUMNS = "id, partner_id, name, key_prefix, rate_limit_per_minute, rate_limit_per_day, is_active, "
            + "created_at, expires_at, revoked_at, last_used_at, replaced_by";

    @SqlQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = :hash")
    Optional<ApiKey> findByHash(@Bind("hash") String hash);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = :id")
    Optional<ApiKey> findById(@Bind("id") UUID id);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_keys WHERE (CAST(:partnerId AS text) IS NULL OR partner_id = :partnerId)"
            + " ORDER BY partner_id, created_at, id")
    List<ApiKey> list(@Bind("partnerId") String partnerId);

    @SqlQuery("INSERT INTO api_keys (partner_id, name, key_hash, key_prefix, rate_limit_per_minute,"
            + " rate_limit_per_day, expires_at) VALUES (:partnerId, :name, :hash, :keyPrefix, :perMinute, :perDay,"
            + " :expiresAt) RETURNING " + COLUMNS)
    ApiKey insert(@Bind("partnerId") String partnerId, @Bind("name") String name, @Bind("hash") String hash,
                  @Bind("keyPrefix") String keyPrefix, @Bind("perMinute") int perMinute, @Bind("perDay") int perDay,
                  @Bind("expiresAt") Instant expiresAt);

    @SqlUpdate("UPDATE api_keys SET is_active = false, revoked_at = now() WHERE id = :id AND is_active")
    int revoke(@Bind("id") UUID id);

    /** Ends an old key's life at the end of the grace period (or sooner, if it expired earlier anyway). */
    @SqlUpdate("UPDATE api_keys SET replaced_by = :replacement,"
            + " expires_at = LEAST(COALESCE(expires_at, 'infinity'::timestamptz), :graceEndsAt)"
            + " WHERE id = :id AND is_active AND replaced_by IS NULL")
    int markReplaced(@Bind("id") UUID id, @Bind("replacement") UUID replacement,
                     @Bind("graceEndsAt") Instant graceEndsAt);

    /** Issues the replacement and retires the old key atomically; empty when the old key cannot be rotated. */
    @Transaction
    default Optional<ApiKey> rotate(ApiKey old, String newHash, String newPrefix, Instant graceEndsAt) {
        Instant keepExpiry = old.expiresAt() != null && old.expiresAt().isAfter(Instant.now()) ? old.expiresAt() : null;
        ApiKey replacement = insert(old.partnerId(), old.name(), newHash, newPrefix, old.rateLimitPerMinute(),
                old.rateLimitPerDay(), keepExpiry);
        if (markReplaced(old.id(), replacement.id(), graceEndsAt) != 1) {
            throw new IllegalStateException("key " + old.id() + " changed while it was being rotated; try again");
        }
        return Optional.of(replacement);
    }

    @SqlBatch("UPDATE api_keys SET last_used_at = :usedAt WHERE id = :id"
            + " AND (last_used_at IS NULL OR last_used_at < :usedAt)")
    void recordLastUsed(@Bind("id") List<UUID> ids, @Bind("usedAt") List<Instant> usedAt);
}
