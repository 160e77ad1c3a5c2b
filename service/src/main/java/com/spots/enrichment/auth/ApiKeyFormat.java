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
    /** Any prefix is accepted on the way in, so keys survive a change of the configured prefix. */
    private static final Pattern KEY = Pattern.compile("[a-z0-9]+(?:_[a-z0-9]+)*_[a-z0-9-]{1,40}_[0-9a-f]{32}");
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

    public static boolean isWellFormed(String key) {
        return key != null && key.length() <= 200 && KEY.matcher(key).matches();
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
