package com.spots.enrichment.insights.community;

import static com.spots.enrichment.insights.Aggregates.count;
import static com.spots.enrichment.insights.Aggregates.number;

import com.fasterxml.jackson.databind.JsonNode;
import com.spots.enrichment.insights.Estimate;
import com.spots.enrichment.insights.SegmentMetadata;
import com.spots.enrichment.insights.Stats;
import com.spots.enrichment.insights.community.CommunityInfluenceData.Ai2aiInsights;
import com.spots.enrichment.insights.community.CommunityInfluenceData.ChannelWeight;
import com.spots.enrichment.insights.community.CommunityInfluenceData.CommunityInfluencePatterns;
import com.spots.enrichment.insights.community.CommunityInfluenceData.InfluenceNetwork;
import com.spots.enrichment.insights.community.CommunityInfluenceData.MarketingImplications;
import com.spots.enrichment.insights.community.CommunityInfluenceData.PurchaseBehavior;
import com.spots.enrichment.segments.CachedAggregate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Shapes aggregate_ai2ai_insights' JSON into the answer; each formula is in docs/insights.md. */
public final class CommunityInfluenceInsights {

    /** Exact 95 % upper Poisson bound for zero events. */
    private static final double POISSON_UPPER_FOR_ZERO = 3.688879454113936;

    private CommunityInfluenceInsights() {
    }

    static Set<String> sections(Set<CommunityInsight> asked) {
        Set<String> sections = new LinkedHashSet<>();
        for (CommunityInsight insight : asked) {
            switch (insight) {
                case INFLUENCE_PATTERNS, INFLUENCE_NETWORK -> sections.add("network");
                case AI2AI_INSIGHTS -> sections.add("ai2ai");
                case PURCHASE_BEHAVIOR, MARKETING_IMPLICATIONS -> {
                    sections.add("network");
                    sections.add("purchase");
                }
            }
        }
        return sections;
    }

    static CommunityInfluenceData shape(CachedAggregate aggregate, Set<CommunityInsight> asked, int windowDays,
                                        String productCategory) {
        JsonNode payload = aggregate.payload();
        JsonNode network = payload.get("network");
        JsonNode ai2ai = payload.get("ai2ai");
        JsonNode purchase = payload.get("purchase");
        long n = aggregate.sampleSize();
        Set<CommunityInsight> unavailable = EnumSet.noneOf(CommunityInsight.class);

        Estimate influence = null;
        if (network != null && count(network, "influence_n") > 0) {
            influence = Stats.mean(number(network, "influence_mean"), number(network, "influence_sd"),
                    count(network, "influence_n"), 0, 1);
            influence = influence.withInterpretation(Stats.interpretThirds(influence.value()));
        }
        Long communitySize = null;
        InfluenceNetwork influenceNetwork = null;
        if (network != null) {
            long direct = count(network, "direct_connections");
            long indirect = count(network, "indirect_connections");
            long population = count(network, "population");
            if (asked.contains(CommunityInsight.INFLUENCE_PATTERNS)) {
                communitySize = n + direct + indirect;
            }
            if (asked.contains(CommunityInsight.INFLUENCE_NETWORK)) {
                Double density = n > 1 ? count(network, "internal_pairs") / (n * (n - 1) / 2.0) : null;
                influenceNetwork = new InfluenceNetwork(direct, indirect,
                        population > 0 ? (double) (n + direct + indirect) / population : 0, density);
            }
        }

        Ai2aiInsights ai2aiInsights = null;
        if (asked.contains(CommunityInsight.AI2AI_INSIGHTS)) {
            long connections = count(ai2ai, "connections");
            if (connections == 0) {
                unavailable.add(CommunityInsight.AI2AI_INSIGHTS);
            } else {
                Estimate compatibility = Stats.mean(number(ai2ai, "compatibility_mean"),
                        number(ai2ai, "compatibility_sd"), connections, 0, 1);
                compatibility = compatibility.withInterpretation(Stats.interpretThirds(compatibility.value()));
                ai2aiInsights = new Ai2aiInsights(compatibility, frequency(count(ai2ai, "window_connections"), n,
                        windowDays), learningRate(ai2ai));
            }
        }

        PurchaseBehavior purchaseBehavior = null;
        MarketingImplications marketing = null;
        long active = count(purchase, "active_agents");
        boolean wantsPurchase = asked.contains(CommunityInsight.PURCHASE_BEHAVIOR);
        boolean wantsMarketing = asked.contains(CommunityInsight.MARKETING_IMPLICATIONS);
        if ((wantsPurchase || wantsMarketing) && active == 0) {
            if (wantsPurchase) {
                unavailable.add(CommunityInsight.PURCHASE_BEHAVIOR);
            }
            if (wantsMarketing) {
                unavailable.add(CommunityInsight.MARKETING_IMPLICATIONS);
            }
        } else if (wantsPurchase || wantsMarketing) {
            Estimate followed = thirds(Stats.mean(number(purchase, "followed_mean"), number(purchase, "followed_sd"),
                    active, 0, 1));
            Estimate shared = thirds(Stats.mean(number(purchase, "shared_mean"), number(purchase, "shared_sd"),
                    active, 0, 1));
            long trendAgents = count(purchase, "trend_agents");
            Estimate trend = trendAgents == 0 ? null : thirds(Stats.mean(number(purchase, "earliness_mean"),
                    number(purchase, "earliness_sd"), trendAgents, 0, 1));
            Estimate viral = null;
            if (influence != null) {
                double value = Math.sqrt(shared.value() * influence.value());
                viral = new Estimate(value, null, Stats.interpretThirds(value),
                        Math.min(shared.confidence(), influence.confidence()), null);
            }
            if (wantsPurchase) {
                purchaseBehavior = new PurchaseBehavior(followed, trend, viral, shared);
            }
            if (wantsMarketing) {
                marketing = marketing(followed, shared, trend, purchase, productCategory);
            }
        }
        CommunityInfluencePatterns patterns = null;
        boolean wantsPatterns = asked.contains(CommunityInsight.INFLUENCE_PATTERNS);
        if (wantsPatterns || influenceNetwork != null || ai2aiInsights != null) {
            patterns = new CommunityInfluencePatterns(wantsPatterns ? influence : null, communitySize,
                    influenceNetwork, ai2aiInsights);
        }
        return new CommunityInfluenceData(patterns, purchaseBehavior, marketing, SegmentMetadata.of(aggregate),
                unavailable.stream().map(CommunityInsight::wireName).toList());
    }

    private static Estimate thirds(Estimate e) {
        return e.withInterpretation(Stats.interpretThirds(e.value()));
    }

    /** New connections per member per week; ci95 from a Poisson count. */
    static Estimate frequency(long k, long n, int windowDays) {
        double exposure = n * (windowDays / 7.0);
        double value = k / exposure;
        if (k == 0) {
            return new Estimate(0, "connections per member per week", null, 0,
                    List.of(0.0, POISSON_UPPER_FOR_ZERO / exposure));
        }
        double half = Stats.Z * Math.sqrt(k);
        return new Estimate(value, "connections per member per week", null,
                Stats.clamp(1 - Stats.Z / Math.sqrt(k), 0, 1),
                List.of(Math.max(0, (k - half) / exposure), (k + half) / exposure));
    }

    /** Least-squares slope of connection compatibility against creation time, per week. */
    static Estimate learningRate(JsonNode ai2ai) {
        long m = count(ai2ai, "trend_n");
        Double slope = number(ai2ai, "trend_slope");
        Double sxx = number(ai2ai, "trend_sxx");
        if (m < 3 || slope == null || sxx == null || sxx <= 0) {
            return null;
        }
        double residual = Math.max(0, number(ai2ai, "trend_syy") - slope * number(ai2ai, "trend_sxy"));
        double se = Math.sqrt(residual / (m - 2)) / Math.sqrt(sxx);
        double half = Stats.Z * se;
        double low = slope - half;
        double high = slope + half;
        double confidence = Math.abs(slope) + half == 0 ? 0 : Math.abs(slope) / (Math.abs(slope) + half);
        String interpretation = low > 0 ? "improving" : high < 0 ? "declining" : "stable";
        return new Estimate(slope, "compatibility per week", interpretation, confidence, List.of(low, high));
    }

    private static MarketingImplications marketing(Estimate followed, Estimate shared, Estimate trend,
                                                   JsonNode purchase, String productCategory) {
        List<ChannelWeight> raw = new ArrayList<>();
        raw.add(new ChannelWeight("peer_recommendations", followed.value()));
        raw.add(new ChannelWeight("social_sharing", shared.value()));
        if (trend != null) {
            raw.add(new ChannelWeight("early_adopter_launches", trend.value()));
        }
        double total = raw.stream().mapToDouble(ChannelWeight::weight).sum();
        List<ChannelWeight> weights = raw.stream()
                .map(c -> new ChannelWeight(c.channel(), total > 0 ? c.weight() / total : 0))
                .sorted(Comparator.comparingDouble(ChannelWeight::weight).reversed().thenComparing(ChannelWeight::channel))
                .toList();
        Estimate affinity = null;
        long visits = count(purchase, "visit_count");
        if (productCategory != null && visits > 0) {
            affinity = Stats.rate(count(purchase.path("category_visits"), productCategory), visits);
        }
        return new MarketingImplications(weights.get(0).channel(), weights, affinity);
    }
}
