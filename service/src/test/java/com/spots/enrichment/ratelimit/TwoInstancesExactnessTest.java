package com.spots.enrichment.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.Concurrently;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestEnvironment;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two running instances share one Redis: concurrent requests spread over both are admitted exactly up to the
 * limit. Failing closed, so a Redis error would show as a 503 instead of hiding as an extra admission.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TwoInstancesExactnessTest {

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final Map<String, String> SETTINGS = Map.of(
            "rateLimit.failureMode", "closed",
            "redis.socketTimeout", "2s");
    private static final DropwizardAppExtension<EnrichmentConfiguration> FIRST =
            TestApp.instance("first", DB, TestEnvironment::redisUrl, SETTINGS);
    private static final DropwizardAppExtension<EnrichmentConfiguration> SECOND =
            TestApp.instance("second", DB, TestEnvironment::redisUrl, SETTINGS);

    static Map<Integer, Long> statusesOf300ConcurrentRequestsOverBothInstances(IssuedKey key) {
        ApiClient first = TestApp.client(FIRST);
        ApiClient second = TestApp.client(SECOND);
        List<Answer> answers = Concurrently.run(300,
                i -> (i % 2 == 0 ? first : second).get("/v1/usage", key.plaintext()));
        return answers.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
    }

    @Test
    void ofThreeHundredConcurrentRequestsAtOneHundredPerMinuteExactlyOneHundredAreAdmitted() {
        IssuedKey key = TestKeys.create(DB, TestKeys.uniquePartner("exact-minute"), "--per-minute", "100");
        assertThat(statusesOf300ConcurrentRequestsOverBothInstances(key)).isEqualTo(Map.of(200, 100L, 429, 200L));
    }

    @Test
    void ofThreeHundredConcurrentRequestsAtFiftyPerDayExactlyFiftyAreAdmitted() {
        IssuedKey key = TestKeys.create(DB, TestKeys.uniquePartner("exact-day"), "--per-minute", "50", "--per-day", "50");
        Map<Integer, Long> statuses = statusesOf300ConcurrentRequestsOverBothInstances(key);
        assertThat(statuses).isEqualTo(Map.of(200, 50L, 429, 250L));
        Answer refused = TestApp.client(FIRST).get("/v1/usage", key.plaintext());
        assertThat(refused.json().path("error").path("details").path("window").asText()).isEqualTo("day");
    }

    @Test
    void bothInstancesSeeTheSameUsage() {
        IssuedKey key = TestKeys.create(DB, TestKeys.uniquePartner("shared"), "--per-minute", "10");
        TestApp.client(FIRST).get("/v1/usage", key.plaintext());
        TestApp.client(SECOND).get("/v1/usage", key.plaintext());
        Answer third = TestApp.client(FIRST).get("/v1/usage", key.plaintext());
        assertThat(third.json().path("data").path("windows").path("minute").path("used").asLong()).isEqualTo(3);
        assertThat(third.header("X-RateLimit-Remaining-Minute")).hasValue("7");
    }

}
