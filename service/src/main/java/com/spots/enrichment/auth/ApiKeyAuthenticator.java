package com.spots.enrichment.auth;

import io.dropwizard.auth.Authenticator;
import java.util.Optional;

/**
 * Looks a key up by its SHA-256 digest. Active keys come back whatever their expiry, so the filter can
 * tell "expired" from "unknown"; revoked and unknown keys come back empty.
 */
public class ApiKeyAuthenticator implements Authenticator<String, ApiKeyPrincipal> {

    private final ApiKeyDAO keys;

    public ApiKeyAuthenticator(ApiKeyDAO keys) {
        this.keys = keys;
    }

    @Override
    public Optional<ApiKeyPrincipal> authenticate(String keyHash) {
        return keys.findByHash(keyHash).filter(ApiKey::isActive).map(ApiKeyPrincipal::of);
    }
}
