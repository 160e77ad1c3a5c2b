package com.spots.enrichment.auth;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code api_keys}, without its hash: what the service and the CLI may know about a key. */
public record ApiKey(UUID id, String partnerId, String name, String keyPrefix, int rateLimitPerMinute,
                     int rateLimitPerDay, boolean isActive, Instant createdAt, Instant expiresAt,
                     Instant revokedAt, Instant lastUsedAt, UUID replacedBy) {

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
