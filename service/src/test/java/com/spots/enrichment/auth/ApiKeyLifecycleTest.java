package com.spots.enrichment.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.Commands;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A key's life through the real `keys` commands and the real HTTP API. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiKeyLifecycleTest {

    private static final String VALID_BODY = "{\"user_segment\":{\"segment_id\":\"sf-coffee\",\"geographic_region\":\"san_francisco\"}}";
    private static final Duration CACHE_TTL = Duration.ofSeconds(2);

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB,
            ConfigOverride.config("apiKeys.cacheTtl", CACHE_TTL.toMillis() + "ms"),
            ConfigOverride.config("apiKeys.lastUsedFlushInterval", "200ms"));

    private Answer call(String authorization) {
        return TestApp.client(APP).send("POST", "/v1/real-world-behavior",
                Map.of("Authorization", authorization, "Content-Type", "application/json"),
                VALID_BODY.getBytes(), false);
    }

    /** Past authentication: this database holds no source data, so the segment is under the privacy threshold. */
    private static boolean accepted(Answer answer) {
        return answer.status() == 422 && "INSUFFICIENT_DATA".equals(answer.errorCode());
    }

    @Test
    void aNewKeyIsAcceptedWithTheBearerScheme() {
        IssuedKey key = TestKeys.create(DB);
        assertThat(accepted(call("Bearer " + key.plaintext()))).isTrue();
    }

    @Test
    void aNewKeyIsAcceptedWithTheApiKeyScheme() {
        IssuedKey key = TestKeys.create(DB);
        assertThat(accepted(call("ApiKey " + key.plaintext()))).isTrue();
    }

    @Test
    void aKeyMadeByTheSqlHelperIsAcceptedByTheService() {
        String key;
        try (Handle h = DB.jdbi().open()) {
            key = h.createQuery("SELECT generate_api_key(:p)").bind("p", TestKeys.uniquePartner("sql"))
                    .mapTo(String.class).one();
        }
        assertThat(accepted(call("Bearer " + key))).isTrue();
    }

    @Test
    void aRevokedKeyIsRefusedWithinTheCacheTtl() {
        IssuedKey key = TestKeys.create(DB);
        assertThat(accepted(call("Bearer " + key.plaintext()))).isTrue();

        Commands.run(DB, "keys", "revoke", "--id", key.id().toString()).orFail();
        Instant revokedAt = Instant.now();

        Answer refused = awaitAnswer(() -> call("Bearer " + key.plaintext()), a -> a.status() == 401,
                CACHE_TTL.plusSeconds(3));
        assertThat(Duration.between(revokedAt, Instant.now())).isLessThan(Duration.ofSeconds(30));
        assertThat(refused.errorCode()).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(refused.header("WWW-Authenticate")).isPresent();
    }

    @Test
    void rotationKeepsBothKeysWorkingDuringTheGracePeriodAndOnlyTheNewOneAfter() {
        IssuedKey old = TestKeys.create(DB);
        assertThat(accepted(call("Bearer " + old.plaintext()))).isTrue();

        Commands.Result rotated = Commands.run(DB, "keys", "rotate", "--id", old.id().toString(), "--grace", "5s").orFail();
        String replacement = rotated.field("key");
        assertThat(replacement).isNotEqualTo(old.plaintext()).startsWith("spots_poc_" + old.partner() + "_");

        assertThat(accepted(call("Bearer " + replacement))).isTrue();
        assertThat(accepted(call("Bearer " + old.plaintext()))).isTrue();

        Answer afterGrace = awaitAnswer(() -> call("Bearer " + old.plaintext()), a -> a.status() == 401,
                Duration.ofSeconds(5).plus(CACHE_TTL).plusSeconds(5));
        assertThat(afterGrace.errorCode()).isEqualTo("API_KEY_EXPIRED");
        assertThat(afterGrace.json().path("error").path("message").asText()).contains("rotated");
        assertThat(accepted(call("Bearer " + replacement))).isTrue();
    }

    @Test
    void rotationKeepsThePartnerAndLimits() {
        IssuedKey old = TestKeys.create(DB, TestKeys.uniquePartner("limits"), "--per-minute", "7", "--per-day", "700");
        Commands.Result rotated = Commands.run(DB, "keys", "rotate", "--id", old.id().toString()).orFail();
        assertThat(rotated.field("partner")).isEqualTo(old.partner());
        assertThat(rotated.stdout()).contains("7 per minute, 700 per day");
    }

    @Test
    void anExpiredKeyIsRefusedAsExpiredNotAsUnknown() {
        IssuedKey key = TestKeys.create(DB);
        try (Handle h = DB.jdbi().open()) {
            h.execute("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = ?", key.id());
        }
        Answer answer = awaitAnswer(() -> call("Bearer " + key.plaintext()), a -> a.status() == 401,
                CACHE_TTL.plusSeconds(3));
        assertThat(answer.errorCode()).isEqualTo("API_KEY_EXPIRED");
        assertThat(answer.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("Bearer"));
    }

    @Test
    void aKeyCreatedWithAnExpiryInThePastIsRejectedByTheCommand() {
        Commands.Result result = Commands.run(DB, "keys", "create", "--partner", "p", "--expires", "2001-01-01");
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stderr()).contains("--expires must be in the future");
    }

    @Test
    void keysListShowsPrefixesButNeverAHashOrAKey() {
        IssuedKey key = TestKeys.create(DB, TestKeys.uniquePartner("listed"), "--name", "staging");
        String hash = ApiKeyFormat.sha256Hex(key.plaintext());

        Commands.Result list = Commands.run(DB, "keys", "list", "--partner", key.partner()).orFail();

        assertThat(list.stdout()).contains(key.id().toString(), key.partner(), ApiKeyFormat.displayPrefix(key.plaintext()),
                "staging", "100", "10000", "yes");
        assertThat(list.stdout()).doesNotContain(key.plaintext()).doesNotContain(hash);
    }

    @Test
    void lastUsedIsRecordedWithoutAWritePerRequest() {
        IssuedKey key = TestKeys.create(DB);
        for (int i = 0; i < 5; i++) {
            assertThat(accepted(call("Bearer " + key.plaintext()))).isTrue();
        }
        Instant lastUsed = await(() -> {
            try (Handle h = DB.jdbi().open()) {
                return h.createQuery("SELECT last_used_at FROM api_keys WHERE id = ?").bind(0, key.id())
                        .mapTo(Instant.class).findOne().orElse(null);
            }
        }, Duration.ofSeconds(5));
        assertThat(lastUsed).isBetween(Instant.now().minusSeconds(30), Instant.now());
    }

    private static Answer awaitAnswer(Supplier<Answer> call, java.util.function.Predicate<Answer> done, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        Answer last = call.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            sleep(100);
            last = call.get();
        }
        assertThat(done.test(last)).as("condition reached within %s; last answer %s", limit, last).isTrue();
        return last;
    }

    private static <T> T await(Supplier<T> value, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        T v = value.get();
        while (v == null && Instant.now().isBefore(deadline)) {
            sleep(100);
            v = value.get();
        }
        assertThat(v).as("value within %s", limit).isNotNull();
        return v;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
