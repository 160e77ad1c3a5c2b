package com.spots.enrichment.auth;

import com.spots.enrichment.api.ApiException;
import com.spots.enrichment.api.ErrorCode;
import com.spots.enrichment.api.UnexpectedExceptionMapper;
import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every request under /v1 (but the OpenAPI document) before routing, so unknown paths and
 * wrong methods are only revealed to callers with a key. Accepts {@code Bearer} and {@code ApiKey} schemes;
 * tells an expired key apart from an unknown or revoked one.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyAuthFilter extends AuthFilter<String, ApiKeyPrincipal> {

    public static final String REALM = "enrichment-api";
    static final String CHALLENGE = "Bearer realm=\"" + REALM + "\", ApiKey realm=\"" + REALM + "\"";
    private static final Set<String> PUBLIC_PATHS = Set.of("v1/openapi.json");
    private static final Set<String> KEY_QUERY_PARAMETERS =
            Set.of("api_key", "apikey", "api-key", "key", "access_token", "token", "authorization");

    private final LastUsedTracker lastUsed;
    private final Clock clock;

    public ApiKeyAuthFilter(Authenticator<String, ApiKeyPrincipal> authenticator, LastUsedTracker lastUsed,
                            Clock clock) {
        this.authenticator = authenticator;
        this.realm = REALM;
        this.prefix = "Bearer";
        this.lastUsed = lastUsed;
        this.clock = clock;
    }

    public static boolean requiresKey(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return (p.equals("v1") || p.startsWith("v1/")) && !PUBLIC_PATHS.contains(p);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!requiresKey(request.getUriInfo().getPath())) {
            return;
        }
        refuseKeysInQuery(request.getUriInfo().getQueryParameters());
        String key = credentials(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        ApiKeyPrincipal principal = lookUp(ApiKeyFormat.sha256Hex(key))
                .orElseThrow(() -> unauthorized(ErrorCode.AUTHENTICATION_FAILED,
                        "The API key is not valid: it is unknown or has been revoked."));
        Instant now = clock.instant();
        if (principal.isExpiredAt(now)) {
            throw unauthorized(ErrorCode.API_KEY_EXPIRED, principal.rotated()
                    ? "This API key was rotated and its grace period ended at " + principal.expiresAt()
                            + "; use the replacement key."
                    : "This API key expired at " + principal.expiresAt() + "; ask for a new key.");
        }
        lastUsed.record(principal.keyId());
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new ApiKeySecurityContext(principal, secure));
    }

    private Optional<ApiKeyPrincipal> lookUp(String keyHash) {
        try {
            return authenticator.authenticate(keyHash);
        } catch (AuthenticationException | RuntimeException e) {
            if (UnexpectedExceptionMapper.isUnavailable(e)) {
                throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                        "API keys cannot be checked right now; retry in a few seconds.", Map.of(),
                        Map.of(HttpHeaders.RETRY_AFTER, "5"));
            }
            throw new IllegalStateException("API key lookup failed", e);
        }
    }

    private static void refuseKeysInQuery(MultivaluedMap<String, String> query) {
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            boolean named = KEY_QUERY_PARAMETERS.contains(parameter.getKey().toLowerCase(Locale.ROOT));
            boolean looksLikeKey = parameter.getValue().stream().anyMatch(ApiKeyFormat::isWellFormed);
            if (named || looksLikeKey) {
                throw unauthorized(ErrorCode.AUTHENTICATION_FAILED,
                        "API keys are not accepted in the query string, where proxies and logs can keep them."
                                + " Send the key in the 'Authorization: Bearer <key>' header, and rotate any key"
                                + " that has appeared in a URL.");
            }
        }
    }

    private static String credentials(String header) {
        if (header == null || header.isBlank()) {
            throw unauthorized(ErrorCode.AUTHENTICATION_FAILED,
                    "No API key was sent. Send it as 'Authorization: Bearer <key>' or 'Authorization: ApiKey <key>'.");
        }
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
        if (!scheme.equalsIgnoreCase("Bearer") && !scheme.equalsIgnoreCase("ApiKey")) {
            throw unauthorized(ErrorCode.AUTHENTICATION_FAILED,
                    "Unsupported authorization scheme. Use 'Authorization: Bearer <key>' or 'Authorization: ApiKey <key>'.");
        }
        String key = space < 0 ? "" : trimmed.substring(space + 1).trim();
        if (!ApiKeyFormat.isWellFormed(key)) {
            throw unauthorized(ErrorCode.AUTHENTICATION_FAILED,
                    "The API key is malformed. Keys look like '{prefix}_{partner_id}_{32 hex characters}'.");
        }
        return key;
    }

    private static ApiException unauthorized(ErrorCode code, String message) {
        return new ApiException(code, message, Map.of(), Map.of(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE));
    }

    private record ApiKeySecurityContext(ApiKeyPrincipal principal, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "ApiKey";
        }
    }
}
