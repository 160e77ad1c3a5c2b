package com.spots.enrichment.insights.personality;

import static com.spots.enrichment.insights.Aggregates.count;
import static com.spots.enrichment.insights.Aggregates.number;

import com.fasterxml.jackson.databind.JsonNode;
import com.spots.enrichment.insights.Estimate;
import com.spots.enrichment.insights.PriceTier;
import com.spots.enrichment.insights.ProductAttributes;
import com.spots.enrichment.insights.SegmentMetadata;
import com.spots.enrichment.insights.Stats;
import com.spots.enrichment.insights.personality.QuantumPersonalityData.Breakdown;
import com.spots.enrichment.insights.personality.QuantumPersonalityData.DimensionSummary;
import com.spots.enrichment.insights.personality.QuantumPersonalityData.Percentiles;
import com.spots.enrichment.insights.personality.QuantumPersonalityData.PersonalityProfile;
import com.spots.enrichment.insights.personality.QuantumPersonalityData.ProductRecommendations;
import com.spots.enrichment.insights.personality.QuantumPersonalityData.QuantumCompatibility;
import com.spots.enrichment.insights.personality.QuantumPersonalityData.RankedProduct;
import com.spots.enrichment.segments.CachedAggregate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Shapes aggregate_personality_profiles' JSON and the partner's products into the answer. Compatibility is the
 * fidelity of two product states: each dimension d the product specifies is a qubit √x|1⟩ + √(1−x)|0⟩, the segment
 * at its mean s_d, the product at p_d; the squared overlap of the tensor products is
 * F = Π_d (√(s_d·p_d) + √((1−s_d)(1−p_d)))². Mapping and thresholds: docs/insights.md.
 */
public final class QuantumPersonalityInsights {

    static final List<String> DIMENSIONS = List.of("exploration_eagerness", "community_orientation",
            "authenticity_preference", "social_discovery_style", "temporal_flexibility", "location_adventurousness",
            "curation_tendency", "trust_network_reliance", "energy_preference", "novelty_seeking",
            "value_orientation", "crowd_tolerance");

    /** Only one product per request is ranked beyond this many. */
    static final int MAX_RANKED = 10;

    private QuantumPersonalityInsights() {
    }

    /** A product as compatibility sees it: the request's product state or one of the candidates. */
    record Product(String category, String style, PriceTier price, List<String> features, ProductAttributes attributes) {

        static Product of(ProductQuantumState p) {
            return new Product(p.category(), p.style(), p.price(), p.features(), p.attributes());
        }

        static Product of(CandidateProduct p) {
            return new Product(p.category(), p.style(), p.price(), p.features(), p.attributes());
        }

        /** The personality dimensions the product's attributes specify, with the product's position on each. */
        Map<String, Double> attributeDimensions() {
            Map<String, Double> dims = new LinkedHashMap<>();
            if (attributes != null) {
                if (attributes.energyLevel() != null) {
                    dims.put("energy_preference", attributes.energyLevel());
                }
                if (attributes.novelty() != null) {
                    dims.put("novelty_seeking", attributes.novelty());
                }
                if (attributes.communityOriented() != null) {
                    dims.put("community_orientation", attributes.communityOriented());
                }
            }
            return dims;
        }

        /** Attribute dimensions plus price: value_orientation at 1 for budget, 2/3 mid, 1/3 premium, 0 luxury. */
        Map<String, Double> allDimensions() {
            Map<String, Double> dims = attributeDimensions();
            if (price != null) {
                dims.put("value_orientation", priceLevel(price));
            }
            return dims;
        }
    }

    static double priceLevel(PriceTier tier) {
        return switch (tier) {
            case BUDGET -> 1.0;
            case MID -> 2.0 / 3;
            case PREMIUM -> 1.0 / 3;
            case LUXURY -> 0.0;
        };
    }

    static double fidelity(Map<String, Double> product, JsonNode dimensions) {
        double f = 1;
        for (Map.Entry<String, Double> d : product.entrySet()) {
            double s = number(dimensions.get(d.getKey()), "mean");
            double p = d.getValue();
            double overlap = Math.sqrt(s * p) + Math.sqrt((1 - s) * (1 - p));
            f *= overlap * overlap;
        }
        return f;
    }

    static QuantumPersonalityData shape(CachedAggregate aggregate, Set<PersonalityInsight> asked,
                                        QuantumPersonalityRequest request) {
        JsonNode profile = aggregate.payload().path("profile");
        JsonNode dimensions = profile.path("dimensions");
        long n = aggregate.sampleSize();
        Set<PersonalityInsight> unavailable = EnumSet.noneOf(PersonalityInsight.class);
        if (asked.contains(PersonalityInsight.KNOT_COMPATIBILITY)) {
            unavailable.add(PersonalityInsight.KNOT_COMPATIBILITY);
        }
        Product product = Product.of(request.productQuantumState());

        QuantumCompatibility compatibility = null;
        if (asked.contains(PersonalityInsight.QUANTUM_COMPATIBILITY)) {
            Map<String, Double> dims = available(product.allDimensions(), dimensions);
            if (dims.isEmpty()) {
                unavailable.add(PersonalityInsight.QUANTUM_COMPATIBILITY);
            } else {
                double score = fidelity(dims, dimensions);
                double confidence = dims.keySet().stream().mapToDouble(d -> {
                    JsonNode stat = dimensions.get(d);
                    return Stats.mean(number(stat, "mean"), number(stat, "sd"), count(stat, "n"), 0, 1).confidence();
                }).average().orElse(0);
                compatibility = new QuantumCompatibility(score, interpretFidelity(score), confidence,
                        "F = Π_d (√(s_d·p_d) + √((1−s_d)(1−p_d)))² over d ∈ {" + String.join(", ", dims.keySet())
                                + "}; s_d = segment mean, p_d = product value");
            }
        }

        PersonalityProfile personality = null;
        if (asked.contains(PersonalityInsight.PERSONALITY_PROFILE)) {
            Map<String, DimensionSummary> summaries = new LinkedHashMap<>();
            for (String d : DIMENSIONS) {
                JsonNode stat = dimensions.get(d);
                if (stat != null && count(stat, "n") > 0) {
                    double mean = number(stat, "mean");
                    summaries.put(d, new DimensionSummary(mean, Stats.interpretThirds(mean), number(stat, "sd"),
                            new Percentiles(number(stat, "p25"), number(stat, "p50"), number(stat, "p75"))));
                }
            }
            Estimate authenticity = null;
            long authenticityN = count(profile, "authenticity_n");
            if (authenticityN > 0) {
                authenticity = Stats.mean(number(profile, "authenticity_mean"), number(profile, "authenticity_sd"),
                        authenticityN, 0, 1);
                authenticity = authenticity.withInterpretation(Stats.interpretThirds(authenticity.value()));
            }
            JsonNode archetype = profile.get("archetype");
            if (summaries.isEmpty()) {
                unavailable.add(PersonalityInsight.PERSONALITY_PROFILE);
            } else {
                personality = new PersonalityProfile(summaries, archetype == null ? null : archetype.asText(),
                        authenticity);
            }
        }

        ProductRecommendations recommendations = null;
        boolean ranking = asked.contains(PersonalityInsight.PRODUCT_RECOMMENDATIONS);
        if (ranking || asked.contains(PersonalityInsight.DIMENSION_BREAKDOWN)) {
            Breakdown breakdown = breakdown(product, profile, n);
            List<RankedProduct> ranked = null;
            if (ranking) {
                List<RankedProduct> all = new ArrayList<>();
                for (CandidateProduct candidate : request.candidateProducts() == null
                        ? List.<CandidateProduct>of() : request.candidateProducts()) {
                    all.add(rank(candidate, profile, n));
                }
                ranked = all.stream()
                        .sorted(Comparator.comparingDouble(RankedProduct::compatibilityScore).reversed()
                                .thenComparing(RankedProduct::productId))
                        .limit(MAX_RANKED)
                        .toList();
            }
            recommendations = new ProductRecommendations(ranked, breakdown);
        }
        return new QuantumPersonalityData(compatibility, personality, recommendations, SegmentMetadata.of(aggregate),
                unavailable.stream().map(PersonalityInsight::wireName).toList());
    }

    private static Map<String, Double> available(Map<String, Double> dims, JsonNode dimensions) {
        Map<String, Double> present = new LinkedHashMap<>();
        dims.forEach((d, v) -> {
            if (number(dimensions.get(d), "mean") != null) {
                present.put(d, v);
            }
        });
        return present;
    }

    static Breakdown breakdown(Product product, JsonNode profile, long n) {
        JsonNode dimensions = profile.path("dimensions");
        JsonNode interests = profile.path("interest_agents");
        Double style = product.style() == null ? null : share(interests, product.style(), n);
        Double price = null;
        Double valueOrientation = number(dimensions.get("value_orientation"), "mean");
        if (product.price() != null && valueOrientation != null) {
            price = 1 - Math.abs(valueOrientation - priceLevel(product.price()));
        }
        Double feature = null;
        if (product.features() != null && !product.features().isEmpty()) {
            feature = product.features().stream().mapToDouble(f -> share(interests, f, n)).average().orElseThrow();
        }
        Map<String, Double> attributes = available(product.attributeDimensions(), dimensions);
        Double personality = attributes.isEmpty() ? null : fidelity(attributes, dimensions);
        return new Breakdown(style, price, feature, personality);
    }

    /** Candidate score: the mean of its available components, category match always among them. */
    static RankedProduct rank(CandidateProduct candidate, JsonNode profile, long n) {
        Product product = Product.of(candidate);
        Breakdown b = breakdown(product, profile, n);
        Map<String, Double> components = new LinkedHashMap<>();
        components.put("category match", share(profile.path("category_agents"), product.category(), n));
        if (b.personalityMatch() != null) {
            components.put("personality match", b.personalityMatch());
        }
        if (b.priceMatch() != null) {
            components.put("price match", b.priceMatch());
        }
        if (b.styleMatch() != null) {
            components.put("style match", b.styleMatch());
        }
        if (b.featureMatch() != null) {
            components.put("feature match", b.featureMatch());
        }
        double score = components.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        var strongest = components.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        var weakest = components.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        String reasoning = "mean of " + components.size() + " components; strongest " + strongest.getKey() + ' '
                + twoDecimals(strongest.getValue()) + ", weakest " + weakest.getKey() + ' ' + twoDecimals(weakest.getValue());
        return new RankedProduct(candidate.productId(), score, reasoning);
    }

    /**
     * {@code String.format("%.2f")} of a value, rounded half up from its shortest decimal form as Formatter does,
     * without Formatter's per-call locale lookup (8 % of this endpoint's allocated bytes when warm).
     */
    static String twoDecimals(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** Share of the segment's members holding the value (lower-cased) among the counted names. */
    private static double share(JsonNode counts, String value, long n) {
        return n == 0 ? 0 : (double) count(counts, value.toLowerCase(Locale.ROOT)) / n;
    }

    static String interpretFidelity(double f) {
        return f >= 0.9 ? "very high" : f >= 0.75 ? "high" : f >= 0.5 ? "moderate" : "low";
    }
}
