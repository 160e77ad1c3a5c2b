package com.spots.enrichment.segments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.SourceRows;
import com.spots.enrichment.testing.SourceRows.Profile;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Segments belong to their partner; aggregates are cached per definition and computed once. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SegmentCacheTest {

    private static final TestDatabase DB = TestDatabase.migrated();

    static {
        SourceRows rows = new SourceRows();
        Random random = new Random(11);
        Instant now = Instant.now();
        for (String region : List.of("alphaville", "betaville")) {
            int size = region.equals("alphaville") ? 12 : 8;
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String id = region + "-" + i;
                ids.add(id);
                rows.profile(new Profile(id, SourceRows.dims(random), "curator", 0.5, region, 20 + 3 * i,
                        List.of("art"), List.of("cafe"), true, now.minus(Duration.ofDays(2))));
                Instant start = now.minus(Duration.ofDays(3 + i % 5));
                rows.action(id, "spot_visit", region + "-spot", "cafe", start, start.plus(Duration.ofMinutes(40)), false);
            }
            for (int i = 0; i < size; i++) {
                rows.connect(ids.get(i), ids.get((i + 1) % size), 0.5, now.minus(Duration.ofDays(4)));
            }
        }
        rows.insert(DB);
    }

    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB,
            ConfigOverride.config("privacy.minimumSegmentSize", "5"),
            ConfigOverride.config("segments.localCopyRecheckSeconds", "1"));

    private static final String SOURCE_TABLES = "('personality_profiles', 'user_actions', 'ai2ai_connections')";

    private static String behavior(String segmentId, String region, String extra) {
        return "{\"user_segment\":{\"segment_id\":\"" + segmentId + "\",\"geographic_region\":\"" + region + "\"" + extra
                + "},\"requested_insights\":[\"dwell_time_patterns\"]}";
    }

    private static Answer post(IssuedKey key, String body) {
        Answer answer = TestApp.client(APP).post("/v1/real-world-behavior", key.plaintext(), body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    private static long sampleSize(Answer answer) {
        return answer.json().path("data").path("market_segment_metadata").path("sample_size").asLong();
    }

    private static long meter(String name) {
        return APP.getEnvironment().metrics().meter(name).getCount();
    }

    private static <T> T sql(String query, Class<T> type, Object... args) {
        try (Handle h = DB.jdbi().open()) {
            var q = h.createQuery(query);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(type).one();
        }
    }

    /** Sequential and index scans of the source tables, as far as the server's backends have reported them. */
    private static long sourceTableScans() {
        return sql("SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables"
                + " WHERE relname IN " + SOURCE_TABLES, Long.class);
    }

    /**
     * The scans once every backend has reported: a busy backend reports its table statistics when idle, at the
     * latest 10 s after its previous report (PostgreSQL's PGSTAT_IDLE_INTERVAL).
     */
    private static long reportedSourceTableScans() throws InterruptedException {
        Thread.sleep(11_000);
        return sourceTableScans();
    }

    @Test
    void twoPartnersWithTheSameSegmentIdStayApart() {
        IssuedKey a = TestKeys.create(DB);
        IssuedKey b = TestKeys.create(DB);
        assertThat(sampleSize(post(a, behavior("shared-id", "alphaville", "")))).isEqualTo(12);
        assertThat(sampleSize(post(b, behavior("shared-id", "betaville", "")))).isEqualTo(8);
        assertThat(sampleSize(post(a, behavior("shared-id", "alphaville", "")))).isEqualTo(12);
        assertThat(sql("SELECT definition->>'geographic_region' FROM market_segments WHERE partner_id = ?"
                + " AND segment_id = 'shared-id'", String.class, a.partner())).isEqualTo("alphaville");
        assertThat(sql("SELECT definition->>'geographic_region' FROM market_segments WHERE partner_id = ?"
                + " AND segment_id = 'shared-id'", String.class, b.partner())).isEqualTo("betaville");
        assertThat(sql("SELECT count(DISTINCT partner_id) FROM segment_aggregate_cache WHERE partner_id IN (?, ?)",
                Long.class, a.partner(), b.partner())).isEqualTo(2);
    }

    @Test
    void aRedefinitionReplacesTheSegmentAndInvalidatesItsCachedAggregates() {
        IssuedKey key = TestKeys.create(DB);
        assertThat(sampleSize(post(key, behavior("moving", "alphaville", "")))).isEqualTo(12);
        String oldHash = sql("SELECT definition_hash FROM market_segments WHERE partner_id = ? AND segment_id = 'moving'",
                String.class, key.partner());
        assertThat(sql("SELECT count(*) FROM segment_aggregate_cache WHERE partner_id = ? AND definition_hash = ?",
                Long.class, key.partner(), oldHash)).isEqualTo(1);

        Answer narrowed = post(key, behavior("moving", "alphaville", ",\"demographics\":{\"age_range\":[20,35]}"));
        assertThat(sampleSize(narrowed)).isEqualTo(6); // ages 20, 23, ..., 35
        assertThat(narrowed.json().path("data").path("real_world_behavior").path("average_dwell_time").isObject()).isTrue();
        assertThat(sql("SELECT count(*) FROM segment_aggregate_cache WHERE partner_id = ? AND definition_hash = ?",
                Long.class, key.partner(), oldHash)).isZero();
        assertThat(sql("SELECT definition->>'age_max' FROM market_segments WHERE partner_id = ? AND segment_id = 'moving'",
                String.class, key.partner())).isEqualTo("35");
    }

    @Test
    void aRepeatedRequestIsServedFromTheCacheWithoutTouchingTheSourceTables() throws InterruptedException {
        IssuedKey key = TestKeys.create(DB);
        String body = behavior("repeat", "betaville", "");
        long baseline = sourceTableScans();
        JsonNode first = post(key, body).json().path("data");
        long scans = reportedSourceTableScans();
        assertThat(scans).as("the first request computed from the source tables").isGreaterThan(baseline);
        long hits = meter("segments.cache.hits");

        JsonNode second = post(key, body).json().path("data");
        assertThat(meter("segments.cache.hits")).isEqualTo(hits + 1);
        assertThat(second).isEqualTo(first);
        assertThat(reportedSourceTableScans()).isEqualTo(scans);
    }

    @Test
    void anAnswerDeletedFromTheTableStopsBeingServedFromMemoryWithinTheRecheckTime() throws InterruptedException {
        IssuedKey key = TestKeys.create(DB);
        String body = behavior("formula-change", "alphaville", "");
        String computed = dataVersion(post(key, body));
        assertThat(dataVersion(post(key, body))).as("served from this instance's copy").isEqualTo(computed);

        // what the change set of a changed aggregate function does to the answers computed by the old one
        try (Handle h = DB.jdbi().open()) {
            h.execute("DELETE FROM segment_aggregate_cache WHERE partner_id = ?", key.partner());
        }
        Thread.sleep(1_100);
        assertThat(dataVersion(post(key, body))).as("computed again").isNotEqualTo(computed);
    }

    private static String dataVersion(Answer answer) {
        return answer.json().path("data").path("market_segment_metadata").path("data_version").asText();
    }

    @Test
    void identicalColdRequestsArrivingTogetherComputeOnce() throws Exception {
        IssuedKey key = TestKeys.create(DB);
        String body = behavior("burst", "alphaville", "");
        long misses = meter("segments.cache.misses");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Answer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> TestApp.client(APP).post("/v1/real-world-behavior", key.plaintext(), body));
            }
            List<JsonNode> answers = new ArrayList<>();
            for (Future<Answer> f : pool.invokeAll(calls)) {
                assertThat(f.get().status()).isEqualTo(200);
                answers.add(f.get().json().path("data").path("real_world_behavior"));
            }
            assertThat(answers).allMatch(a -> a.equals(answers.get(0)));
        } finally {
            pool.shutdownNow();
        }
        assertThat(meter("segments.cache.misses")).isEqualTo(misses + 1);
    }
}
