package com.spots.enrichment.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a partner sees of rate limiting over HTTP: headers, the 429, /v1/usage; a 2-second "minute". */
@ExtendWith(DropwizardExtensionsSupport.class)
class RateLimitHeadersAndUsageTest {

    private static final long WINDOW_MILLIS = 2000;
    private static final String VALID_BODY = "{\"user_segment\":{\"segment_id\":\"sf-coffee\"}}";

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB,
            ConfigOverride.config("rateLimit.minuteWindow", WINDOW_MILLIS + "ms"),
            ConfigOverride.config("rateLimit.namespace", "test:rl:headers"),
            ConfigOverride.config("redis.socketTimeout", "1s"));

    private static ApiClient client() {
        return TestApp.client(APP);
    }

    private static IssuedKey key(int perMinute, int perDay) {
        return TestKeys.create(DB, TestKeys.uniquePartner("rl"), "--per-minute", Integer.toString(perMinute),
                "--per-day", Integer.toString(perDay));
    }

    private static long header(Answer answer, String name) {
        return Long.parseLong(answer.header(name).orElseThrow(() -> new AssertionError("no " + name + " in " + answer)));
    }

    @Test
    void anAdmittedRequestCarriesBothWindowsAndTheBindingOne() {
        IssuedKey key = key(5, 1000);
        Answer answer = client().get("/v1/usage", key.plaintext());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(header(answer, "X-RateLimit-Limit-Minute")).isEqualTo(5);
        assertThat(header(answer, "X-RateLimit-Remaining-Minute")).isEqualTo(4);
        assertThat(header(answer, "X-RateLimit-Limit-Day")).isEqualTo(1000);
        assertThat(header(answer, "X-RateLimit-Remaining-Day")).isEqualTo(999);
        assertThat(header(answer, "RateLimit-Limit")).isEqualTo(5);
        assertThat(header(answer, "RateLimit-Remaining")).isEqualTo(4);
        assertThat(header(answer, "RateLimit-Reset")).isBetween(1L, WINDOW_MILLIS / 1000);
    }

    @Test
    void theBindingWindowIsTheDayWhenItHasLessLeft() {
        IssuedKey key = key(3, 3);
        client().get("/v1/usage", key.plaintext());
        sleep(WINDOW_MILLIS + 100);
        Answer answer = client().get("/v1/usage", key.plaintext());
        assertThat(header(answer, "X-RateLimit-Remaining-Minute")).isEqualTo(2);
        assertThat(header(answer, "X-RateLimit-Remaining-Day")).isEqualTo(1);
        assertThat(header(answer, "RateLimit-Limit")).isEqualTo(3);
        assertThat(header(answer, "RateLimit-Remaining")).isEqualTo(1);
        assertThat(header(answer, "RateLimit-Reset")).isGreaterThan(86_000);
    }

    @Test
    void betweenEquallyFullWindowsTheOneThatFreesUpLaterBinds() {
        IssuedKey key = key(3, 3);
        Answer answer = client().get("/v1/usage", key.plaintext());
        assertThat(header(answer, "RateLimit-Remaining")).isEqualTo(2);
        assertThat(header(answer, "RateLimit-Reset")).isGreaterThan(86_000);
    }

    @Test
    void errorResponsesCarryTheHeadersToo() {
        IssuedKey key = key(5, 1000);
        Answer invalid = client().post("/v1/real-world-behavior", key.plaintext(), "{\"user_segment\":{}}");
        Answer unknown = client().get("/v1/no-such-thing", key.plaintext());

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(header(invalid, "X-RateLimit-Remaining-Minute")).isEqualTo(4);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(header(unknown, "X-RateLimit-Remaining-Minute")).isEqualTo(3);
        assertThat(header(unknown, "RateLimit-Remaining")).isEqualTo(3);
    }

    @Test
    void unauthenticatedResponsesCarryNoRateLimitHeaders() {
        Answer answer = client().get("/v1/usage", null);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("X-RateLimit-Limit-Minute")).isEmpty();
        assertThat(answer.header("RateLimit-Limit")).isEmpty();
    }

    @Test
    void aRequestOverTheLimitGets429WithRetryAfterAndDetails() {
        IssuedKey key = key(2, 1000);
        client().get("/v1/usage", key.plaintext());
        client().get("/v1/usage", key.plaintext());
        Answer refused = client().post("/v1/real-world-behavior", key.plaintext(), VALID_BODY);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("RATE_LIMIT_EXCEEDED");
        JsonNode details = refused.json().path("error").path("details");
        assertThat(details.path("window").asText()).isEqualTo("minute");
        assertThat(details.path("limit").asInt()).isEqualTo(2);
        long retryAfter = header(refused, "Retry-After");
        assertThat(retryAfter).isBetween(1L, WINDOW_MILLIS / 1000);
        assertThat(details.path("retry_after_seconds").asLong()).isEqualTo(retryAfter);
        assertThat(refused.json().path("error").path("message").asText()).contains("2 requests per minute");
        assertThat(header(refused, "X-RateLimit-Remaining-Minute")).isZero();
        assertThat(header(refused, "X-RateLimit-Remaining-Day")).isEqualTo(998);
        assertThat(header(refused, "RateLimit-Remaining")).isZero();
        assertThat(header(refused, "RateLimit-Reset")).isEqualTo(retryAfter);
        assertThat(refused.header("X-Request-Id")).hasValue(refused.json().path("metadata").path("request_id").asText());
    }

    @Test
    void theDayWindowRefusesWithItsOwnName() {
        IssuedKey key = key(2, 2);
        client().get("/v1/usage", key.plaintext());
        client().get("/v1/usage", key.plaintext());
        sleep(WINDOW_MILLIS + 100);
        Answer refused = client().get("/v1/usage", key.plaintext());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("error").path("details").path("window").asText()).isEqualTo("day");
        assertThat(refused.json().path("error").path("details").path("limit").asInt()).isEqualTo(2);
        assertThat(header(refused, "X-RateLimit-Remaining-Minute")).isEqualTo(2);
        assertThat(header(refused, "Retry-After")).isBetween(86_000L, 86_400L);
    }

    @Test
    void requestsRefusedByTheMinuteWindowDoNotConsumeTheDay() {
        IssuedKey key = key(2, 10);
        for (int i = 0; i < 2; i++) {
            assertThat(client().get("/v1/usage", key.plaintext()).status()).isEqualTo(200);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(client().get("/v1/usage", key.plaintext()).status()).isEqualTo(429);
        }
        sleep(WINDOW_MILLIS + 100);
        Answer after = client().get("/v1/usage", key.plaintext());
        assertThat(after.status()).isEqualTo(200);
        assertThat(header(after, "X-RateLimit-Remaining-Day")).isEqualTo(7);
        assertThat(after.json().path("data").path("windows").path("day").path("used").asLong()).isEqualTo(3);
    }

    @Test
    void afterAFullBurstEveryRequestIsRefusedForOneWindowLengthAndAdmittedAfterIt() {
        IssuedKey key = key(3, 1000);
        long burstStart = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertThat(client().get("/v1/usage", key.plaintext()).status()).isEqualTo(200);
        }
        long burstEnd = System.nanoTime();
        List<String> seen = new ArrayList<>();
        while (true) {
            Answer answer = client().get("/v1/usage", key.plaintext());
            long sinceStart = (System.nanoTime() - burstStart) / 1_000_000L;
            long sinceEnd = (System.nanoTime() - burstEnd) / 1_000_000L;
            seen.add(sinceStart + "ms:" + answer.status());
            if (sinceStart < WINDOW_MILLIS - 50) {
                assertThat(answer.status()).as("refused within the window after the burst: %s", seen).isEqualTo(429);
            } else if (sinceEnd > WINDOW_MILLIS + 50) {
                assertThat(answer.status()).as("admitted once the burst left the window: %s", seen).isEqualTo(200);
                break;
            } else if (answer.status() == 200) {
                break;
            }
            sleep(150);
        }
        assertThat(seen.size()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void requestsLeaveTheWindowOneByOneAtTheirOwnTime() {
        IssuedKey key = key(3, 1000);
        long start = System.nanoTime();
        client().get("/v1/usage", key.plaintext());
        sleep(WINDOW_MILLIS / 2);
        client().get("/v1/usage", key.plaintext());
        client().get("/v1/usage", key.plaintext());
        assertThat(client().get("/v1/usage", key.plaintext()).status()).isEqualTo(429);
        sleep(WINDOW_MILLIS + 100 - (System.nanoTime() - start) / 1_000_000L);
        // Only the first request has left: one admitted, then refused again until the other two leave.
        assertThat(client().get("/v1/usage", key.plaintext()).status()).isEqualTo(200);
        Answer refused = client().get("/v1/usage", key.plaintext());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(header(refused, "Retry-After")).isEqualTo(1);
    }

    @Test
    void usageReportsThePartnerLimitsUsedRemainingAndWhenTheyFreeUp() {
        IssuedKey key = key(5, 1000);
        client().get("/v1/usage", key.plaintext());
        Instant before = Instant.now();
        Answer answer = client().get("/v1/usage", key.plaintext());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode data = answer.json().path("data");
        assertThat(answer.json().path("success").asBoolean()).isTrue();
        assertThat(data.path("partner_id").asText()).isEqualTo(key.partner());
        assertThat(data.path("rate_limiting").asText()).isEqualTo("enforced");
        JsonNode minute = data.path("windows").path("minute");
        assertThat(minute.path("limit").asInt()).isEqualTo(5);
        assertThat(minute.path("window_seconds").asLong()).isEqualTo(WINDOW_MILLIS / 1000);
        assertThat(minute.path("used").asLong()).isEqualTo(2);
        assertThat(minute.path("remaining").asLong()).isEqualTo(3);
        Instant release = Instant.parse(minute.path("next_release_at").asText());
        Instant reset = Instant.parse(minute.path("resets_at").asText());
        assertThat(release).isBetween(before.minusSeconds(1), before.plusMillis(WINDOW_MILLIS + 1000));
        assertThat(reset).isAfterOrEqualTo(release);
        assertThat(minute.path("resets_in_seconds").asLong()).isBetween(1L, WINDOW_MILLIS / 1000);
        JsonNode day = data.path("windows").path("day");
        assertThat(day.path("limit").asInt()).isEqualTo(1000);
        assertThat(day.path("used").asLong()).isEqualTo(2);
        assertThat(day.path("remaining").asLong()).isEqualTo(998);
        assertThat(day.path("window_seconds").asLong()).isEqualTo(86_400);
        assertThat(header(answer, "X-RateLimit-Remaining-Minute")).isEqualTo(3);
    }

    @Test
    void theUsageRequestItselfIsRateLimited() {
        IssuedKey key = key(1, 1000);
        assertThat(client().get("/v1/usage", key.plaintext()).status()).isEqualTo(200);
        Answer second = client().get("/v1/usage", key.plaintext());
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.errorCode()).isEqualTo("RATE_LIMIT_EXCEEDED");
    }

    @Test
    void eachKeyHasItsOwnWindows() {
        IssuedKey first = key(1, 1000);
        IssuedKey second = key(1, 1000);
        assertThat(client().get("/v1/usage", first.plaintext()).status()).isEqualTo(200);
        assertThat(client().get("/v1/usage", first.plaintext()).status()).isEqualTo(429);
        assertThat(client().get("/v1/usage", second.plaintext()).status()).isEqualTo(200);
    }

    @Test
    void theLimiterIsMeasuredUnderTheAgreedMetricNames() {
        IssuedKey key = key(1, 1000);
        var metrics = APP.getEnvironment().metrics();
        long checks = metrics.timer("ratelimit.check").getCount();
        long admitted = metrics.meter("ratelimit.admitted").getCount();
        long refused = metrics.meter("ratelimit.refused").getCount();
        client().get("/v1/usage", key.plaintext());
        client().get("/v1/usage", key.plaintext());
        assertThat(metrics.timer("ratelimit.check").getCount()).isGreaterThanOrEqualTo(checks + 2);
        assertThat(metrics.meter("ratelimit.admitted").getCount()).isGreaterThanOrEqualTo(admitted + 1);
        assertThat(metrics.meter("ratelimit.refused").getCount()).isGreaterThanOrEqualTo(refused + 1);
        assertThat(metrics.getMeters()).containsKey("ratelimit.redis-errors");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
