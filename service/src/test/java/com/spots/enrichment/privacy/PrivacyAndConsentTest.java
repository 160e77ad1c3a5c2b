package com.spots.enrichment.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.SourceRows;
import com.spots.enrichment.testing.SourceRows.Profile;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SPEC §7: non-consenting agents are invisible; segments under the threshold get INSUFFICIENT_DATA. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PrivacyAndConsentTest {

    private static final int K = 50;
    private static final TestDatabase DB = TestDatabase.migrated();
    // no cache: every request below computes from the source tables as they are now
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB,
            ConfigOverride.config("segments.cacheTtlMinutes", "0"));

    private static final List<String> ENDPOINTS = List.of("/v1/real-world-behavior", "/v1/quantum-personality",
            "/v1/community-influence");

    private static String body(String endpoint, String region) {
        String segment = "\"user_segment\":{\"segment_id\":\"s-" + region + "\",\"geographic_region\":\"" + region + "\"}";
        return endpoint.endsWith("quantum-personality")
                ? "{" + segment + ",\"product_quantum_state\":{\"category\":\"cafe\",\"price\":\"mid\",\"style\":\"art\","
                        + "\"attributes\":{\"energy_level\":0.4}}}"
                : "{" + segment + "}";
    }

    private static Answer call(String endpoint, String region) {
        return TestApp.client(APP).post(endpoint, TestKeys.create(DB).plaintext(), body(endpoint, region));
    }

    /** {@code count} agents in the region, each with a few visits and connections among them. */
    private static SourceRows population(String region, int count, boolean consenting, long seed) {
        SourceRows rows = new SourceRows();
        Random random = new Random(seed);
        Instant now = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = region + (consenting ? "-c-" : "-p-") + seed + "-" + i;
            ids.add(id);
            rows.profile(new Profile(id, SourceRows.dims(random), consenting ? "curator" : "explorer", random.nextDouble(),
                    region, 25 + random.nextInt(30), List.of("art", "coffee"), List.of("cafe"), consenting,
                    consenting ? now.minus(Duration.ofDays(3)) : now.minus(Duration.ofMinutes(5))));
            for (int v = 0; v < 3; v++) {
                Instant start = now.minus(Duration.ofDays(consenting ? 5 + v : 2)).minus(Duration.ofMinutes(random.nextInt(300)));
                rows.action(id, "spot_visit", region + "-spot-" + random.nextInt(4), v % 2 == 0 ? "cafe" : "park", start,
                        start.plus(Duration.ofMinutes(10 + random.nextInt(200))), v > 0);
            }
            rows.action(id, consenting ? "list_shared" : "recommendation_followed", null, null,
                    now.minus(Duration.ofDays(consenting ? 6 : 1)), null, false);
        }
        for (int i = 0; i < count; i++) {
            rows.connect(ids.get(i), ids.get((i + 1) % count), random.nextDouble(), now.minus(Duration.ofDays(consenting ? 10 : 1)));
        }
        return rows;
    }

    @Test
    void aSegmentOneShortOfTheThresholdIsRefusedWithoutRevealingItsSize() {
        population("shortville", K - 1, true, 1).insert(DB);
        population("shortville", 30, false, 2).insert(DB);
        for (String endpoint : ENDPOINTS) {
            Answer answer = call(endpoint, "shortville");
            assertThat(answer.status()).as(endpoint).isEqualTo(422);
            assertThat(answer.errorCode()).isEqualTo("INSUFFICIENT_DATA");
            JsonNode error = answer.json().path("error");
            assertThat(error.path("message").asText()).doesNotContainPattern("[0-9]");
            assertThat(error.path("details").toString()).isEqualTo("{\"minimum_segment_size\":" + K + "}");
            assertThat(answer.json().has("data")).isFalse();
            assertThat(answer.body()).doesNotContain("shortville-");
        }
    }

    @Test
    void aSegmentAtTheThresholdIsAnswered() {
        population("exactville", K, true, 3).insert(DB);
        for (String endpoint : ENDPOINTS) {
            Answer answer = call(endpoint, "exactville");
            assertThat(answer.status()).as(endpoint + answer.body()).isEqualTo(200);
            assertThat(answer.json().path("data").path("market_segment_metadata").path("sample_size").asInt()).isEqualTo(K);
            assertThat(answer.body()).doesNotContain("exactville-");
        }
    }

    @Test
    void nonConsentingAgentsChangeNoAnswer() {
        population("consentville", 60, true, 4).insert(DB);
        Map<String, JsonNode> before = new java.util.HashMap<>();
        for (String endpoint : ENDPOINTS) {
            before.put(endpoint, comparable(call(endpoint, "consentville")));
        }
        // more recent, more active, connected to the members and visiting the same spots: but not consenting
        SourceRows hidden = population("consentville", 40, false, 5);
        List<Profile> members = population("consentville", 60, true, 4).profiles;
        for (int i = 0; i < hidden.profiles.size(); i++) {
            hidden.connect(hidden.profiles.get(i).id(), members.get(i).id(), 0.99, Instant.now().minus(Duration.ofHours(2)));
        }
        hidden.insert(DB);
        for (String endpoint : ENDPOINTS) {
            assertThat(comparable(call(endpoint, "consentville"))).as(endpoint).isEqualTo(before.get(endpoint));
        }
    }

    @Test
    void connectionsToNonConsentingAgentsTakeNoPlaceAmongTheMostRecentOnesCounted() {
        Instant now = Instant.now();
        SourceRows rows = population("boundville", 60, true, 6);
        List<Profile> members = List.copyOf(rows.profiles);
        // a member and an agent one hop away, each with more consenting connections than the 50 most recent counted
        String member = members.get(0).id();
        for (int i = 1; i <= 50; i++) {
            rows.connect(member, members.get(i).id(), 0.5, now.minus(Duration.ofDays(20)).plusSeconds(i));
        }
        SourceRows elsewhere = population("elsewhere", 52, true, 7);
        String neighbour = elsewhere.profiles.get(0).id();
        elsewhere.connect(neighbour, members.get(1).id(), 0.5, now.minus(Duration.ofDays(20)));
        for (int i = 1; i <= 50; i++) {
            elsewhere.connect(neighbour, elsewhere.profiles.get(i).id(), 0.5, now.minus(Duration.ofDays(20)).plusSeconds(i));
        }
        rows.insert(DB);
        elsewhere.insert(DB);
        Map<String, JsonNode> before = new java.util.HashMap<>();
        for (String endpoint : ENDPOINTS) {
            before.put(endpoint, comparable(call(endpoint, "boundville")));
        }
        // newer than all of those connections: counted first if they counted at all
        SourceRows hidden = population("boundville", 10, false, 8);
        for (Profile agent : hidden.profiles) {
            hidden.connect(agent.id(), member, 0.99, now.minus(Duration.ofHours(2)));
            hidden.connect(agent.id(), neighbour, 0.99, now.minus(Duration.ofHours(2)));
        }
        hidden.insert(DB);
        for (String endpoint : ENDPOINTS) {
            assertThat(comparable(call(endpoint, "boundville"))).as(endpoint).isEqualTo(before.get(endpoint));
        }
    }

    /** The answer's data without data_version (which names when it was computed). */
    private static JsonNode comparable(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        ObjectNode data = (ObjectNode) answer.json().path("data").deepCopy();
        ((ObjectNode) data.path("market_segment_metadata")).remove("data_version");
        return data;
    }
}
