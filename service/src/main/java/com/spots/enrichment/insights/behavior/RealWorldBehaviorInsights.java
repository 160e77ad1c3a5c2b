package com.spots.enrichment.insights.behavior;

import static com.spots.enrichment.insights.Aggregates.count;
import static com.spots.enrichment.insights.Aggregates.number;

import com.fasterxml.jackson.databind.JsonNode;
import com.spots.enrichment.insights.Estimate;
import com.spots.enrichment.insights.SegmentMetadata;
import com.spots.enrichment.insights.Stats;
import com.spots.enrichment.insights.behavior.RealWorldBehaviorData.Factor;
import com.spots.enrichment.insights.behavior.RealWorldBehaviorData.JourneyPatterns;
import com.spots.enrichment.insights.behavior.RealWorldBehaviorData.ProductImplications;
import com.spots.enrichment.insights.behavior.RealWorldBehaviorData.RealWorldBehavior;
import com.spots.enrichment.insights.behavior.RealWorldBehaviorData.TimeSpentAnalysis;
import com.spots.enrichment.segments.CachedAggregate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shapes aggregate_real_world_behavior's JSON into the answer; each formula is in docs/insights.md. */
public final class RealWorldBehaviorInsights {

    /** The SQL sections each insight needs. */
    static Set<String> sections(Set<BehaviorInsight> asked) {
        Set<String> sections = new LinkedHashSet<>();
        for (BehaviorInsight insight : asked) {
            switch (insight) {
                case REAL_WORLD_JOURNEY_MAPPING -> sections.add("journey");
                case PRODUCT_IMPLICATIONS -> {
                    sections.add("visits");
                    sections.add("implications");
                }
                default -> sections.add("visits");
            }
        }
        return sections;
    }

    private static final Map<String, String> FACTORS = Map.of(
            "community", "community_orientation",
            "authenticity", "authenticity_preference",
            "price_value", "value_orientation",
            "novelty", "novelty_seeking",
            "trusted_recommendations", "trust_network_reliance");

    private RealWorldBehaviorInsights() {
    }

    static RealWorldBehaviorData shape(CachedAggregate aggregate, Set<BehaviorInsight> asked, ProductContext product) {
        JsonNode payload = aggregate.payload();
        JsonNode visits = payload.get("visits");
        JsonNode journey = payload.get("journey");
        JsonNode implications = payload.get("implications");
        Set<BehaviorInsight> unavailable = EnumSet.noneOf(BehaviorInsight.class);
        long visitCount = count(visits, "visit_count");

        Estimate dwell = null;
        Estimate returnRate = null;
        Estimate exploration = null;
        Estimate engagement = null;
        JourneyPatterns journeyPatterns = null;
        TimeSpentAnalysis timeSpent = null;
        if (asked.contains(BehaviorInsight.DWELL_TIME_PATTERNS)) {
            if (visitCount > 0) {
                dwell = Stats.mean(number(visits, "dwell_mean"), number(visits, "dwell_sd"), visitCount, 0, 480)
                        .withUnit("minutes");
            } else {
                unavailable.add(BehaviorInsight.DWELL_TIME_PATTERNS);
            }
        }
        if (asked.contains(BehaviorInsight.RETURN_VISIT_FREQUENCY)) {
            if (visitCount > 0) {
                returnRate = Stats.rate(count(visits, "return_visits"), visitCount);
            } else {
                unavailable.add(BehaviorInsight.RETURN_VISIT_FREQUENCY);
            }
        }
        if (asked.contains(BehaviorInsight.EXPLORATION_TENDENCY)) {
            long agents = count(visits, "visiting_agents");
            if (agents > 0) {
                Estimate e = Stats.mean(number(visits, "exploration_mean"), number(visits, "exploration_sd"), agents, 0, 1);
                exploration = e.withInterpretation(Stats.interpretThirds(e.value()));
            } else {
                unavailable.add(BehaviorInsight.EXPLORATION_TENDENCY);
            }
        }
        if (asked.contains(BehaviorInsight.COMMUNITY_ENGAGEMENT_LEVELS)) {
            long active = count(visits, "active_agents");
            if (active > 0) {
                engagement = Stats.rate(count(visits, "community_agents"), active);
            } else {
                unavailable.add(BehaviorInsight.COMMUNITY_ENGAGEMENT_LEVELS);
            }
        }
        if (asked.contains(BehaviorInsight.REAL_WORLD_JOURNEY_MAPPING)) {
            long days = count(journey, "agent_days");
            if (days > 0) {
                List<String> path = new ArrayList<>();
                journey.path("top_path").forEach(c -> path.add(c.asText()));
                journeyPatterns = new JourneyPatterns(path, (double) count(journey, "top_count") / days,
                        (double) count(journey, "distinct_paths") / days);
            } else {
                unavailable.add(BehaviorInsight.REAL_WORLD_JOURNEY_MAPPING);
            }
        }
        if (asked.contains(BehaviorInsight.TIME_SPENT_ANALYSIS)) {
            if (visitCount > 0) {
                timeSpent = new TimeSpentAnalysis((double) count(visits, "short_visits") / visitCount,
                        (double) count(visits, "medium_visits") / visitCount,
                        (double) count(visits, "long_visits") / visitCount);
            } else {
                unavailable.add(BehaviorInsight.TIME_SPENT_ANALYSIS);
            }
        }
        ProductImplications productImplications = null;
        if (asked.contains(BehaviorInsight.PRODUCT_IMPLICATIONS)) {
            productImplications = implications(visits, implications, product);
            if (productImplications == null) {
                unavailable.add(BehaviorInsight.PRODUCT_IMPLICATIONS);
            }
        }
        RealWorldBehavior behavior = dwell == null && returnRate == null && exploration == null && engagement == null
                && journeyPatterns == null && timeSpent == null ? null
                : new RealWorldBehavior(dwell, returnRate, exploration, engagement, journeyPatterns, timeSpent);
        return new RealWorldBehaviorData(behavior, productImplications, SegmentMetadata.of(aggregate),
                unavailable.stream().map(BehaviorInsight::wireName).toList());
    }

    private static ProductImplications implications(JsonNode visits, JsonNode implications, ProductContext product) {
        JsonNode dimensions = implications.path("dimensions");
        long rated = count(implications, "quality_rated");
        JsonNode community = dimensions.get("community_orientation");
        long visiting = count(visits, "visiting_agents");
        if (rated == 0 || community == null || visiting == 0) {
            return null;
        }
        Estimate quality = Stats.rate(count(implications, "quality_agents"), rated);
        Estimate values = Stats.mean(number(community, "mean"), number(community, "sd"), count(community, "n"), 0, 1);
        values = values.withInterpretation(Stats.interpretThirds(values.value()));
        Estimate returning = Stats.rate(count(visits, "returning_agents"), visiting);

        List<Factor> factors = new ArrayList<>();
        double total = 0;
        for (Map.Entry<String, String> f : FACTORS.entrySet()) {
            Double mean = number(dimensions.get(f.getValue()), "mean");
            if (mean != null) {
                factors.add(new Factor(f.getKey(), mean));
                total += mean;
            }
        }
        double sum = total;
        List<Factor> weighted = factors.stream()
                .map(f -> new Factor(f.factor(), sum > 0 ? f.weight() / sum : 0))
                .sorted(Comparator.comparingDouble(Factor::weight).reversed().thenComparing(Factor::factor))
                .toList();

        Estimate affinity = null;
        long visitCount = count(visits, "visit_count");
        if (product != null && visitCount > 0) {
            affinity = Stats.rate(count(visits.path("category_visits"), product.category()), visitCount);
        }
        return new ProductImplications(quality, values, returning, weighted, affinity);
    }
}
