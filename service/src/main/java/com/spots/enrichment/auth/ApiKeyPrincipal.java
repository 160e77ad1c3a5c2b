package com.spots.enrichment.auth;

import java.security.Principal;
import java.time.Instant;
import java.util.UUID;

/** The authenticated caller: a key of a partner, with the limits that key carries. */
public record ApiKeyPrincipal(UUID keyId, String partnerId, int rateLimitPerMinute, int rateLimitPerDay,
                              Instant expiresAt, boolean rotated) implements Principal {

    static ApiKeyPrincipal of(ApiKey key) {
        return new ApiKeyPrincipal(key.id(), key.partnerId(), key.rateLimitPerMinute(), key.rateLimitPerDay(),
                key.expiresAt(), key.replacedBy() != null);
    }

    @Override
    public String getName() {
        return partnerId;
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
