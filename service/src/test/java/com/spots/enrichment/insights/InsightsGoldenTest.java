package com.spots.enrichment.insights;

import static com.spots.enrichment.insights.Expected.clamp01;
import static com.spots.enrichment.insights.Expected.mean;
import static com.spots.enrichment.insights.Expected.meanEstimate;
import static com.spots.enrichment.insights.Expected.rateEstimate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.insights.Expected.Edge;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.SourceRows;
import com.spots.enrichment.testing.SourceRows.Action;
import com.spots.enrichment.testing.SourceRows.Profile;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each endpoint against a small hand-built population, every field compared with a value this test computes
 * independently in plain Java over the same rows (the definitions in docs/insights.md).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class InsightsGoldenTest {

    private static final double EPS = 1e-9;
    private static final TestDatabase DB = TestDatabase.migrated();
    private static final SourceRows ROWS = new SourceRows();

    static {
        Random random = new Random(20261125);
        List<String> all = new ArrayList<>();
        all.addAll(GoldenDataset.addAgents(ROWS, random, "member", 30, GoldenDataset.REGION, true));
        List<String> elsewhere = GoldenDataset.addAgents(ROWS, random, "elsewhere", 10, "otherton", true);
        all.addAll(elsewhere);
        all.addAll(GoldenDataset.addAgents(ROWS, random, "private", 8, GoldenDataset.REGION, false));
        GoldenDataset.connect(ROWS, random, all, 120);
        // two hops away from the segment: connected only to agents outside it
        List<String> faraway = GoldenDataset.addAgents(ROWS, random, "faraway", 6, "farland", true);
        GoldenDataset.connect(ROWS, random, faraway, elsewhere, 8);
        ROWS.insert(DB);
    }

    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB,
            ConfigOverride.config("privacy.minimumSegmentSize", "5"));

    private static final String SEGMENT = "\"user_segment\":{\"segment_id\":\"golden\",\"geographic_region\":\"testville\"}";

    private final List<Profile> members = Expected.segment(ROWS, GoldenDataset.REGION);
    private final Set<String> memberIds = Expected.ids(members);

    private JsonNode post(String path, String body) {
        Answer answer = TestApp.client(APP).post(path, TestKeys.create(DB).plaintext(), body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        for (Profile p : ROWS.profiles) {
            assertThat(answer.body()).doesNotContain(p.id());
        }
        return answer.json().path("data");
    }

    private static void assertEstimate(JsonNode node, double[] expected) {
        assertThat(node.path("value").asDouble()).isCloseTo(expected[0], within(EPS));
        assertThat(node.path("ci95").get(0).asDouble()).isCloseTo(expected[1], within(EPS));
        assertThat(node.path("ci95").get(1).asDouble()).isCloseTo(expected[2], within(EPS));
        assertThat(node.path("confidence").asDouble()).isCloseTo(expected[3], within(EPS));
    }

    private static String thirds(double v) {
        return v < 1.0 / 3 ? "low" : v < 2.0 / 3 ? "moderate" : "high";
    }

    private List<Action> windowActions(Instant now) {
        return ROWS.actions.stream().filter(a -> memberIds.contains(a.agent()))
                .filter(Expected.inWindow(now, 30)).toList();
    }

    @Test
    void realWorldBehaviorMatchesValuesComputedFromTheRows() {
        JsonNode data = post("/v1/real-world-behavior", "{" + SEGMENT + ",\"product_context\":{\"category\":\"cafe\"}}");
        List<Action> acts = windowActions(Instant.now());
        List<Action> visits = acts.stream().filter(Action::isVisit).toList();
        JsonNode b = data.path("real_world_behavior");

        List<Double> dwell = visits.stream().map(Expected::dwellMinutes).toList();
        assertThat(dwell).contains(480.0);
        assertEstimate(b.path("average_dwell_time"), meanEstimate(dwell, 0, 480));
        assertThat(b.path("average_dwell_time").path("unit").asText()).isEqualTo("minutes");

        long returns = visits.stream().filter(Action::isReturn).count();
        assertEstimate(b.path("return_visit_rate"), rateEstimate(returns, visits.size()));
        assertThat(b.path("return_visit_rate").path("interpretation").asText())
                .isEqualTo(thirds((double) returns / visits.size()));

        Map<String, List<Action>> visitsByAgent = visits.stream().collect(Collectors.groupingBy(Action::agent));
        List<Double> exploration = visitsByAgent.values().stream()
                .map(v -> (double) v.stream().map(Action::spot).distinct().count() / v.size()).toList();
        assertEstimate(b.path("exploration_tendency"), meanEstimate(exploration, 0, 1));

        Set<String> active = acts.stream().map(Action::agent).collect(Collectors.toSet());
        Set<String> community = acts.stream()
                .filter(a -> Set.of("event_attendance", "list_shared", "review_posted").contains(a.type()))
                .map(Action::agent).collect(Collectors.toSet());
        assertEstimate(b.path("community_engagement"), rateEstimate(community.size(), active.size()));

        Map<List<String>, Long> journeys = Expected.journeys(visits);
        long agentDays = journeys.values().stream().mapToLong(Long::longValue).sum();
        List<String> mode = Expected.modePath(journeys);
        JsonNode journey = b.path("journey_patterns");
        List<String> path = new ArrayList<>();
        journey.path("typical_path").forEach(c -> path.add(c.asText()));
        assertThat(path).isEqualTo(mode);
        assertThat(journey.path("frequency").asDouble()).isCloseTo((double) journeys.get(mode) / agentDays, within(EPS));
        assertThat(journey.path("variability").asDouble()).isCloseTo((double) journeys.size() / agentDays, within(EPS));

        JsonNode spent = b.path("time_spent_analysis");
        assertThat(spent.path("short_visits").asDouble())
                .isCloseTo(dwell.stream().filter(d -> d < 30).count() / (double) dwell.size(), within(EPS));
        assertThat(spent.path("medium_visits").asDouble())
                .isCloseTo(dwell.stream().filter(d -> d >= 30 && d < 120).count() / (double) dwell.size(), within(EPS));
        assertThat(spent.path("long_visits").asDouble())
                .isCloseTo(dwell.stream().filter(d -> d >= 120).count() / (double) dwell.size(), within(EPS));

        JsonNode implications = data.path("product_implications");
        long quality = members.stream().filter(p -> clamp01(p.dims().get("authenticity_preference"))
                > clamp01(p.dims().get("value_orientation"))).count();
        assertEstimate(implications.path("prefers_quality_over_price"), rateEstimate(quality, members.size()));
        List<Double> communityOrientation = members.stream()
                .map(p -> clamp01(p.dims().get("community_orientation"))).toList();
        assertEstimate(implications.path("values_community_products"), meanEstimate(communityOrientation, 0, 1));
        long returning = visitsByAgent.values().stream().filter(v -> v.stream().anyMatch(Action::isReturn)).count();
        assertEstimate(implications.path("likely_to_return_purchase"), rateEstimate(returning, visitsByAgent.size()));
        long cafe = visits.stream().filter(v -> "cafe".equals(v.category())).count();
        assertEstimate(implications.path("category_affinity"), rateEstimate(cafe, visits.size()));

        Map<String, String> factorDims = Map.of("community", "community_orientation",
                "authenticity", "authenticity_preference", "price_value", "value_orientation",
                "novelty", "novelty_seeking", "trusted_recommendations", "trust_network_reliance");
        Map<String, Double> means = new HashMap<>();
        factorDims.forEach((f, d) -> means.put(f, mean(members.stream().map(p -> clamp01(p.dims().get(d))).toList())));
        double total = means.values().stream().mapToDouble(Double::doubleValue).sum();
        List<String> order = means.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
        JsonNode factors = implications.path("purchase_decision_factors");
        assertThat(factors.size()).isEqualTo(5);
        for (int i = 0; i < order.size(); i++) {
            assertThat(factors.get(i).path("factor").asText()).isEqualTo(order.get(i));
            assertThat(factors.get(i).path("weight").asDouble()).isCloseTo(means.get(order.get(i)) / total, within(EPS));
        }
        assertMetadata(data, Instant.now(), acts);
    }

    @Test
    void quantumPersonalityMatchesValuesComputedFromTheRows() {
        JsonNode data = post("/v1/quantum-personality", "{" + SEGMENT + ",\"product_quantum_state\":{\"category\":\"cafe\","
                + "\"style\":\"art\",\"price\":\"premium\",\"features\":[\"coffee\",\"music\"],"
                + "\"attributes\":{\"energy_level\":0.7,\"novelty\":0.3,\"community_oriented\":0.9}},"
                + "\"candidate_products\":["
                + "{\"product_id\":\"p-energy\",\"category\":\"bar\",\"attributes\":{\"energy_level\":0.95}},"
                + "{\"product_id\":\"p-budget\",\"category\":\"cafe\",\"price\":\"budget\",\"style\":\"food\"},"
                + "{\"product_id\":\"p-plain\",\"category\":\"museum\"},"
                + "{\"product_id\":\"p-full\",\"category\":\"park\",\"price\":\"luxury\",\"features\":[\"hiking\"],"
                + "\"attributes\":{\"novelty\":0.1,\"community_oriented\":0.2}}],"
                + "\"requested_insights\":[\"quantum_compatibility\",\"personality_profile\",\"product_recommendations\","
                + "\"knot_compatibility\"]}");
        int n = members.size();
        Map<String, List<Double>> values = Expected.dimensionValues(members);
        Map<String, Double> means = new LinkedHashMap<>();
        values.forEach((d, v) -> means.put(d, mean(v)));

        JsonNode dims = data.path("personality_profile").path("12_dimensions");
        assertThat(dims.size()).isEqualTo(12);
        assertThat(values.get("exploration_eagerness")).contains(1.0);
        for (String d : SourceRows.DIMENSIONS) {
            JsonNode node = dims.path(d);
            assertThat(node.path("value").asDouble()).as(d).isCloseTo(means.get(d), within(EPS));
            assertThat(node.path("std_dev").asDouble()).as(d).isCloseTo(Expected.sd(values.get(d)), within(EPS));
            assertThat(node.path("interpretation").asText()).isEqualTo(thirds(means.get(d)));
            assertThat(node.path("percentiles").path("p25").asDouble()).isCloseTo(Expected.percentile(values.get(d), 0.25), within(EPS));
            assertThat(node.path("percentiles").path("p50").asDouble()).isCloseTo(Expected.percentile(values.get(d), 0.50), within(EPS));
            assertThat(node.path("percentiles").path("p75").asDouble()).isCloseTo(Expected.percentile(values.get(d), 0.75), within(EPS));
        }
        Map<String, Long> archetypes = members.stream().collect(Collectors.groupingBy(Profile::archetype, Collectors.counting()));
        String mode = archetypes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .findFirst().orElseThrow().getKey();
        assertThat(data.path("personality_profile").path("archetype").asText()).isEqualTo(mode);
        assertEstimate(data.path("personality_profile").path("authenticity_score"),
                meanEstimate(members.stream().map(Profile::authenticity).toList(), 0, 1));

        Map<String, Double> product = new LinkedHashMap<>(Map.of("energy_preference", 0.7, "novelty_seeking", 0.3,
                "community_orientation", 0.9, "value_orientation", 1.0 / 3));
        double fidelity = Expected.fidelity(product, means);
        JsonNode compatibility = data.path("quantum_compatibility");
        assertThat(compatibility.path("score").asDouble()).isCloseTo(fidelity, within(EPS));
        double confidence = product.keySet().stream().mapToDouble(d -> meanEstimate(values.get(d), 0, 1)[3]).average().orElseThrow();
        assertThat(compatibility.path("confidence").asDouble()).isCloseTo(confidence, within(EPS));
        assertThat(compatibility.path("formula").asText()).contains("value_orientation");

        Map<String, Long> interestCounts = new HashMap<>();
        Map<String, Long> categoryCounts = new HashMap<>();
        members.forEach(p -> {
            new HashSet<>(p.interests()).forEach(i -> interestCounts.merge(i, 1L, Long::sum));
            new HashSet<>(p.categories()).forEach(c -> categoryCounts.merge(c, 1L, Long::sum));
        });
        java.util.function.Function<String, Double> interest = i -> interestCounts.getOrDefault(i, 0L) / (double) n;
        java.util.function.Function<String, Double> category = c -> categoryCounts.getOrDefault(c, 0L) / (double) n;
        double vo = means.get("value_orientation");
        JsonNode breakdown = data.path("product_recommendations").path("compatibility_breakdown");
        assertThat(breakdown.path("style_match").asDouble()).isCloseTo(interest.apply("art"), within(EPS));
        assertThat(breakdown.path("price_match").asDouble()).isCloseTo(1 - Math.abs(vo - 1.0 / 3), within(EPS));
        assertThat(breakdown.path("feature_match").asDouble())
                .isCloseTo((interest.apply("coffee") + interest.apply("music")) / 2, within(EPS));
        assertThat(breakdown.path("personality_match").asDouble()).isCloseTo(Expected.fidelity(Map.of(
                "energy_preference", 0.7, "novelty_seeking", 0.3, "community_orientation", 0.9), means), within(EPS));

        Map<String, Double> scores = new HashMap<>();
        scores.put("p-energy", (category.apply("bar") + Expected.fidelity(Map.of("energy_preference", 0.95), means)) / 2);
        scores.put("p-budget", (category.apply("cafe") + (1 - Math.abs(vo - 1.0)) + interest.apply("food")) / 3);
        scores.put("p-plain", category.apply("museum"));
        scores.put("p-full", (category.apply("park") + Expected.fidelity(Map.of("novelty_seeking", 0.1,
                "community_orientation", 0.2), means) + (1 - Math.abs(vo - 0.0)) + interest.apply("hiking")) / 4);
        List<String> ranking = scores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
        JsonNode ranked = data.path("product_recommendations").path("high_compatibility");
        assertThat(ranked.size()).isEqualTo(4);
        for (int i = 0; i < ranking.size(); i++) {
            assertThat(ranked.get(i).path("product_id").asText()).isEqualTo(ranking.get(i));
            assertThat(ranked.get(i).path("compatibility_score").asDouble()).isCloseTo(scores.get(ranking.get(i)), within(EPS));
        }
        assertThat(data.path("unavailable_insights").toString()).isEqualTo("[\"knot_compatibility\"]");
        Instant newestProfile = members.stream().map(Profile::updatedAt).max(Comparator.naturalOrder()).orElseThrow();
        assertThat(Instant.parse(data.path("market_segment_metadata").path("data_freshness").asText()))
                .isEqualTo(newestProfile.truncatedTo(ChronoUnit.MICROS));
        assertThat(data.path("market_segment_metadata").path("sample_size").asLong()).isEqualTo(n);
    }

    @Test
    void communityInfluenceMatchesValuesComputedFromTheRows() {
        JsonNode data = post("/v1/community-influence", "{" + SEGMENT + ",\"product_category\":\"cafe\"}");
        Instant now = Instant.now();
        int n = members.size();
        Set<String> consenting = Expected.ids(ROWS.profiles.stream().filter(Profile::consent).toList());
        List<Edge> edges = Expected.memberEdges(ROWS, memberIds, consenting);
        Set<String> n1 = new HashSet<>(Expected.neighbours(ROWS, memberIds, consenting));
        n1.removeAll(memberIds);
        Set<String> n2 = new HashSet<>(Expected.neighbours(ROWS, n1, consenting));
        n2.removeAll(memberIds);
        n2.removeAll(n1);
        Set<String> internalPairs = edges.stream().filter(e -> memberIds.contains(e.other()))
                .map(e -> e.member().compareTo(e.other()) < 0 ? e.member() + "|" + e.other() : e.other() + "|" + e.member())
                .collect(Collectors.toSet());

        JsonNode patterns = data.path("community_influence_patterns");
        JsonNode network = patterns.path("influence_network");
        assertThat(n1).isNotEmpty();
        assertThat(n2).isNotEmpty();
        assertThat(network.path("direct_connections").asLong()).isEqualTo(n1.size());
        assertThat(network.path("indirect_connections").asLong()).isEqualTo(n2.size());
        assertThat(network.path("network_density").asDouble())
                .isCloseTo(internalPairs.size() / (n * (n - 1) / 2.0), within(EPS));
        assertThat(network.path("community_reach").asDouble())
                .isCloseTo((double) (n + n1.size() + n2.size()) / consenting.size(), within(EPS));
        assertThat(patterns.path("community_size").asLong()).isEqualTo(n + n1.size() + n2.size());

        Map<String, Double> weighted = new HashMap<>();
        memberIds.forEach(m -> weighted.put(m, 0.0));
        edges.forEach(e -> weighted.merge(e.member(), e.compatibility(), Double::sum));
        List<Double> influence = weighted.values().stream().map(w -> Math.min(w / 50, 1)).toList();
        double[] influenceEstimate = meanEstimate(influence, 0, 1);
        assertEstimate(patterns.path("influence_score"), influenceEstimate);

        JsonNode ai2ai = patterns.path("ai2ai_insights");
        assertEstimate(ai2ai.path("average_compatibility"),
                meanEstimate(edges.stream().map(Edge::compatibility).toList(), 0, 1));
        List<Edge> recent = edges.stream().filter(e -> e.created().isAfter(now.minus(Duration.ofDays(30)))).toList();
        double exposure = n * (30 / 7.0);
        int k = recent.size();
        assertThat(ai2ai.path("connection_frequency").path("value").asDouble()).isCloseTo(k / exposure, within(EPS));
        assertThat(ai2ai.path("connection_frequency").path("confidence").asDouble())
                .isCloseTo(Math.max(0, 1 - Expected.Z / Math.sqrt(k)), within(EPS));

        double[] x = recent.stream().mapToDouble(e -> e.created().truncatedTo(ChronoUnit.MICROS).toEpochMilli() / 1000.0
                / 604800.0 + (e.created().truncatedTo(ChronoUnit.MICROS).getNano() % 1_000_000) / 1e9 / 604800.0).toArray();
        double[] y = recent.stream().mapToDouble(Edge::compatibility).toArray();
        double mx = java.util.Arrays.stream(x).average().orElseThrow();
        double my = java.util.Arrays.stream(y).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        double slope = sxy / sxx;
        double se = Math.sqrt(Math.max(0, syy - slope * sxy) / (x.length - 2)) / Math.sqrt(sxx);
        JsonNode learning = ai2ai.path("learning_rate");
        assertThat(learning.path("value").asDouble()).isCloseTo(slope, within(Math.abs(slope) * 1e-6));
        assertThat(learning.path("ci95").get(0).asDouble()).isCloseTo(slope - Expected.Z * se, within(se * 1e-5));
        assertThat(learning.path("ci95").get(1).asDouble()).isCloseTo(slope + Expected.Z * se, within(se * 1e-5));

        List<Action> acts = windowActions(now);
        Map<String, List<Action>> byAgent = acts.stream().collect(Collectors.groupingBy(Action::agent));
        List<Double> followed = byAgent.values().stream().map(a -> a.stream()
                .filter(x1 -> x1.type().equals("recommendation_followed")).count() / (double) a.size()).toList();
        List<Double> shared = byAgent.values().stream().map(a -> a.stream()
                .filter(x1 -> x1.type().equals("list_shared") || x1.type().equals("review_posted")).count()
                / (double) a.size()).toList();
        JsonNode purchase = data.path("purchase_behavior");
        double[] followedEstimate = meanEstimate(followed, 0, 1);
        double[] sharedEstimate = meanEstimate(shared, 0, 1);
        assertEstimate(purchase.path("community_driven_purchases"), followedEstimate);
        assertEstimate(purchase.path("social_sharing_tendency"), sharedEstimate);
        assertThat(purchase.path("viral_potential").path("value").asDouble())
                .isCloseTo(Math.sqrt(sharedEstimate[0] * influenceEstimate[0]), within(EPS));

        Set<String> visitTypes = Set.of("spot_visit", "event_attendance");
        Map<String, Map<String, Instant>> firstVisit = new HashMap<>();
        ROWS.actions.stream().filter(a -> consenting.contains(a.agent()) && a.spot() != null
                        && visitTypes.contains(a.type())).filter(Expected.inWindow(now, 30))
                .forEach(a -> firstVisit.computeIfAbsent(a.spot(), s -> new HashMap<>())
                        .merge(a.agent(), a.start(), (p, q) -> p.isBefore(q) ? p : q));
        List<Double> earliness = new ArrayList<>();
        byAgent.forEach((agent, list) -> {
            Set<String> spots = list.stream().filter(a -> a.spot() != null && visitTypes.contains(a.type()))
                    .map(Action::spot).collect(Collectors.toSet());
            List<Double> scores = new ArrayList<>();
            for (String spot : spots) {
                Map<String, Instant> visitors = firstVisit.get(spot);
                Instant mine = visitors.get(agent);
                if (visitors.size() > 1) {
                    long later = visitors.values().stream().filter(t -> t.isAfter(mine)).count();
                    scores.add(later / (double) (visitors.size() - 1));
                }
            }
            if (!scores.isEmpty()) {
                earliness.add(mean(scores));
            }
        });
        assertEstimate(purchase.path("trend_setter_score"), meanEstimate(earliness, 0, 1));

        JsonNode marketing = data.path("marketing_implications");
        Map<String, Double> channels = Map.of("peer_recommendations", followedEstimate[0],
                "social_sharing", sharedEstimate[0], "early_adopter_launches", mean(earliness));
        double total = channels.values().stream().mapToDouble(Double::doubleValue).sum();
        String primary = channels.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertThat(marketing.path("primary_channel").asText()).isEqualTo(primary);
        marketing.path("channel_weights").forEach(c -> assertThat(c.path("weight").asDouble())
                .isCloseTo(channels.get(c.path("channel").asText()) / total, within(EPS)));
        List<Action> visitActs = acts.stream().filter(a -> visitTypes.contains(a.type())).toList();
        assertEstimate(marketing.path("category_affinity"), rateEstimate(
                visitActs.stream().filter(a -> "cafe".equals(a.category())).count(), visitActs.size()));
        assertThat(data.path("market_segment_metadata").path("sample_size").asLong()).isEqualTo(n);
    }

    @Test
    void requestedInsightsLimitTheAnswerToWhatWasAsked() {
        JsonNode data = post("/v1/real-world-behavior", "{" + SEGMENT
                + ",\"requested_insights\":[\"dwell_time_patterns\"]}");
        assertThat(data.path("real_world_behavior").has("average_dwell_time")).isTrue();
        assertThat(data.path("real_world_behavior").has("journey_patterns")).isFalse();
        assertThat(data.path("real_world_behavior").has("return_visit_rate")).isFalse();
        assertThat(data.has("product_implications")).isFalse();
    }

    @Test
    void onlyUncomputableInsightsAreNotImplemented() {
        Answer answer = TestApp.client(APP).post("/v1/quantum-personality", TestKeys.create(DB).plaintext(),
                "{" + SEGMENT + ",\"product_quantum_state\":{\"category\":\"cafe\"},"
                        + "\"requested_insights\":[\"knot_compatibility\"]}");
        assertThat(answer.status()).isEqualTo(501);
        assertThat(answer.errorCode()).isEqualTo("NOT_IMPLEMENTED");
    }

    private void assertMetadata(JsonNode data, Instant now, List<Action> acts) {
        JsonNode metadata = data.path("market_segment_metadata");
        assertThat(metadata.path("sample_size").asLong()).isEqualTo(members.size());
        Instant newest = members.stream().map(Profile::updatedAt).max(Comparator.naturalOrder()).orElseThrow();
        for (Action a : acts) {
            if (a.created().isAfter(newest)) {
                newest = a.created();
            }
        }
        assertThat(Instant.parse(metadata.path("data_freshness").asText())).isEqualTo(newest.truncatedTo(ChronoUnit.MICROS));
        assertThat(metadata.path("geographic_coverage").toString()).isEqualTo("[\"testville\"]");
    }
}
