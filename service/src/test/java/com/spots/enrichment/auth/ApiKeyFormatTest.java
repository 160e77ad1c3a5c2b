package com.spots.enrichment.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written key check accepts exactly what the documented pattern accepts. */
class ApiKeyFormatTest {

    private static final Pattern DOCUMENTED = Pattern.compile("[a-z0-9]+(?:_[a-z0-9]+)*_[a-z0-9-]{1,40}_[0-9a-f]{32}");
    private static final String ALPHABET = "abcfz09_-_A.";

    @Test
    void generatedKeysAreWellFormed() {
        ApiKeyFormat format = new ApiKeyFormat("spots_poc", new SecureRandom());
        for (String partner : new String[] {"a", "acme", "acme-2", "x".repeat(40)}) {
            assertThat(ApiKeyFormat.isWellFormed(format.generate(partner))).as(partner).isTrue();
        }
    }

    @Test
    void theCheckAgreesWithThePatternOnMutatedAndRandomKeys() {
        Random random = new Random(7);
        String valid = new ApiKeyFormat("spots_poc", new SecureRandom()).generate("acme-2");
        for (int i = 0; i < 200_000; i++) {
            String candidate = i % 2 == 0 ? mutate(valid, random) : randomKey(random);
            assertThat(ApiKeyFormat.isWellFormed(candidate)).as(candidate)
                    .isEqualTo(candidate.length() <= 200 && DOCUMENTED.matcher(candidate).matches());
        }
    }

    private static String mutate(String key, Random random) {
        StringBuilder s = new StringBuilder(key);
        for (int n = 1 + random.nextInt(3); n > 0 && s.length() > 0; n--) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(3)) {
                case 0 -> s.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> s.deleteCharAt(at);
                default -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return s.toString();
    }

    private static String randomKey(Random random) {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(6); n >= 0; n--) {
            for (int k = random.nextInt(4); k >= 0; k--) {
                s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            s.append('_');
        }
        String hex = "0123456789abcdef";
        for (int k = 30 + random.nextInt(4); k > 0; k--) {
            s.append(hex.charAt(random.nextInt(hex.length())));
        }
        return s.toString();
    }
}
