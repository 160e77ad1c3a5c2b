package com.spots.enrichment.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Issues keys for a test through the real `keys` command, each test with partners of its own. */
public final class TestKeys {

    private TestKeys() {
    }

    public record IssuedKey(UUID id, String partner, String plaintext) {
    }

    public static String uniquePartner(String stem) {
        return stem + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static IssuedKey create(TestDatabase db, String partner, String... options) {
        List<String> args = new ArrayList<>(List.of("keys", "create", "--partner", partner));
        args.addAll(List.of(options));
        Commands.Result result = Commands.run(db, args.toArray(String[]::new)).orFail();
        return new IssuedKey(UUID.fromString(result.field("id")), partner, result.field("key"));
    }

    /** A key whose limits no test reaches: for tests about volume, not about rate limiting. */
    public static IssuedKey createUnthrottled(TestDatabase db) {
        return create(db, uniquePartner("volume"), "--per-minute", "100000000", "--per-day", "1000000000");
    }

    public static IssuedKey create(TestDatabase db) {
        return create(db, uniquePartner("partner"));
    }
}
