package com.spots.enrichment.segments;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Meter;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.SourceRows;
import com.spots.enrichment.testing.SourceRows.Profile;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestEnvironment;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An instance trusts the definition it last stored for a segment_id for {@code definitionRecheckSeconds}. Two
 * instances sent different definitions for one segment_id: the stored definition follows the latest request once
 * that time has passed, and the replaced definition's cached aggregates go. Requests arriving together then check
 * the stored definition once.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TwoInstancesRedefinitionTest {

    private static final TestDatabase DB = TestDatabase.migrated();

    static {
        SourceRows rows = new SourceRows();
        Random random = new Random(5);
        Instant now = Instant.now();
        for (String region : List.of("northtown", "southtown")) {
            for (int i = 0; i < 6; i++) {
                String id = region + "-" + i;
                rows.profile(new Profile(id, SourceRows.dims(random), "curator", 0.5, region, 25 + i,
                        List.of("art"), List.of("cafe"), true, now.minus(Duration.ofDays(1))));
                Instant start = now.minus(Duration.ofDays(2 + i));
                rows.action(id, "spot_visit", region + "-spot", "cafe", start, start.plus(Duration.ofMinutes(30)), false);
            }
        }
        rows.insert(DB);
    }

    private static final Map<String, String> SETTINGS = Map.of(
            "privacy.minimumSegmentSize", "5",
            "segments.definitionRecheckSeconds", "1");
    private static final DropwizardAppExtension<EnrichmentConfiguration> FIRST =
            TestApp.instance("first", DB, TestEnvironment::redisUrl, SETTINGS);
    private static final DropwizardAppExtension<EnrichmentConfiguration> SECOND =
            TestApp.instance("second", DB, TestEnvironment::redisUrl, SETTINGS);

    private static void post(DropwizardAppExtension<EnrichmentConfiguration> app, IssuedKey key, String region) {
        String body = "{\"user_segment\":{\"segment_id\":\"contested\",\"geographic_region\":\"" + region + "\"},"
                + "\"requested_insights\":[\"dwell_time_patterns\"]}";
        Answer answer = TestApp.client(app).post("/v1/real-world-behavior", key.plaintext(), body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private static String stored(IssuedKey key, String column) {
        try (Handle h = DB.jdbi().open()) {
            return h.createQuery("SELECT " + column + " FROM market_segments"
                    + " WHERE partner_id = :partner AND segment_id = 'contested'")
                    .bind("partner", key.partner()).mapTo(String.class).one();
        }
    }

    private static long cachedRows(IssuedKey key, String definitionHash) {
        try (Handle h = DB.jdbi().open()) {
            return h.createQuery("SELECT count(*) FROM segment_aggregate_cache"
                    + " WHERE partner_id = :partner AND definition_hash = :hash")
                    .bind("partner", key.partner()).bind("hash", definitionHash).mapTo(Long.class).one();
        }
    }

    @Test
    void aDefinitionStoredByAnotherInstanceIsReplacedByTheNextRequestAfterTheRecheckTime() throws InterruptedException {
        IssuedKey key = TestKeys.create(DB);
        post(FIRST, key, "northtown");
        post(SECOND, key, "southtown");
        assertThat(stored(key, "definition->>'geographic_region'")).isEqualTo("southtown");
        String southtown = stored(key, "definition_hash");
        assertThat(cachedRows(key, southtown)).isEqualTo(1);

        Thread.sleep(1_200);
        post(FIRST, key, "northtown");

        assertThat(stored(key, "definition->>'geographic_region'")).isEqualTo("northtown");
        assertThat(cachedRows(key, southtown)).as("the replaced definition's cached aggregates").isZero();
    }

    @Test
    void requestsArrivingTogetherAfterTheRecheckTimeCheckTheStoredDefinitionOnce() throws Exception {
        IssuedKey key = TestKeys.create(DB);
        post(FIRST, key, "northtown");
        Thread.sleep(1_200);
        Meter checks = FIRST.getEnvironment().metrics().meter("segments.definition.checks");
        long before = checks.getCount();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Handle blocker = DB.jdbi().open()) {
            // the stored definitions cannot be read until the requests have all arrived
            blocker.begin();
            blocker.execute("LOCK TABLE market_segments IN ACCESS EXCLUSIVE MODE");
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> post(FIRST, key, "northtown")));
            }
            Thread.sleep(1_000);
            blocker.commit();
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(checks.getCount() - before).isEqualTo(1);
    }
}
