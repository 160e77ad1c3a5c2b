package com.spots.enrichment.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The key format {@code {prefix}_{partner_id}_{32 lowercase hex}}: generation from SecureRandom, the SHA-256
 * digest that is all the database ever stores, and the short display prefix that identifies a key in lists.
 */
public final class ApiKeyFormat {

    public static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9-]{1,40}");
    private static final int SECRET_HEX_CHARS = 32;
    private static final int MAX_PARTNER_CHARS = 40;
    private static final int DISPLAY_HEX_CHARS = 8;

    private final String prefix;
    private final SecureRandom random;

    public ApiKeyFormat(String prefix, SecureRandom random) {
        this.prefix = prefix;
        this.random = random;
    }

    public String generate(String partnerId) {
        if (!PARTNER_ID.matcher(partnerId).matches()) {
            throw new IllegalArgumentException("partner id must match [a-z0-9-]{1,40}");
        }
        byte[] secret = new byte[16];
        random.nextBytes(secret);
        return prefix + "_" + partnerId + "_" + HexFormat.of().formatHex(secret);
    }

    /**
     * {@code [a-z0-9]+(_[a-z0-9]+)*_[a-z0-9-]{1,40}_[0-9a-f]{32}}, checked by hand (it runs on every request). Any
     * prefix is accepted on the way in, so keys survive a change of the configured prefix.
     */
    public static boolean isWellFormed(String key) {
        if (key == null || key.length() > 200 || key.length() < SECRET_HEX_CHARS + 4) {
            return false;
        }
        int secretStart = key.length() - SECRET_HEX_CHARS;
        for (int i = secretStart; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        if (key.charAt(secretStart - 1) != '_') {
            return false;
        }
        int partnerEnd = secretStart - 1;
        int partnerStart = key.lastIndexOf('_', partnerEnd - 1) + 1;
        int partnerLength = partnerEnd - partnerStart;
        if (partnerStart == 0 || partnerLength < 1 || partnerLength > MAX_PARTNER_CHARS) {
            return false;
        }
        for (int i = partnerStart; i < partnerEnd; i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        boolean segmentEmpty = true;
        for (int i = 0; i < partnerStart - 1; i++) {
            char c = key.charAt(i);
            if (c == '_') {
                if (segmentEmpty) {
                    return false;
                }
                segmentEmpty = true;
            } else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                segmentEmpty = false;
            } else {
                return false;
            }
        }
        return !segmentEmpty;
    }

    public static String sha256Hex(String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    /** The part of a key safe to show: everything up to the first 8 hex characters of the secret. */
    public static String displayPrefix(String key) {
        int secretStart = key.length() - 32;
        return key.substring(0, secretStart + DISPLAY_HEX_CHARS);
    }
}
