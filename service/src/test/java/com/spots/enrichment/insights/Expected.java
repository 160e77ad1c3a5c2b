package com.spots.enrichment.insights;

import com.spots.enrichment.testing.SourceRows;
import com.spots.enrichment.testing.SourceRows.Action;
import com.spots.enrichment.testing.SourceRows.Connection;
import com.spots.enrichment.testing.SourceRows.Profile;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Expected values computed independently, in plain Java over the in-memory rows, from the definitions in
 * docs/insights.md (not from the service's code).
 */
final class Expected {

    static final double Z = 1.959963984540054;

    private Expected() {
    }

    // ---- statistics ----

    static double mean(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    static double sd(Collection<Double> values) {
        double m = mean(values);
        return Math.sqrt(values.stream().mapToDouble(v -> (v - m) * (v - m)).sum() / (values.size() - 1));
    }

    /** [value, low, high, confidence] of a mean on [lo, hi]. */
    static double[] meanEstimate(Collection<Double> values, double lo, double hi) {
        double m = mean(values);
        double half = Z * sd(values) / Math.sqrt(values.size());
        double low = Math.max(lo, m - half);
        double high = Math.min(hi, m + half);
        return new double[]{m, low, high, Math.max(0, Math.min(1, 1 - (high - low) / (hi - lo)))};
    }

    /** [value, low, high, confidence] of a rate k/n (Wilson). */
    static double[] rateEstimate(long k, long n) {
        double p = (double) k / n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        double low = Math.max(0, centre - half);
        double high = Math.min(1, centre + half);
        return new double[]{p, low, high, Math.max(0, Math.min(1, 1 - (high - low)))};
    }

    static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    // ---- the segment ----

    static List<Profile> segment(SourceRows rows, String region) {
        return rows.profiles.stream().filter(p -> p.consent() && region.equals(p.region())).toList();
    }

    static Set<String> ids(Collection<Profile> profiles) {
        return profiles.stream().map(Profile::id).collect(Collectors.toSet());
    }

    static Predicate<Action> inWindow(Instant now, int days) {
        Instant from = now.minus(Duration.ofDays(days));
        return a -> a.start() != null && !a.start().isBefore(from) && a.start().isBefore(now);
    }

    static double dwellMinutes(Action a) {
        return Math.max(0, Math.min(480, Duration.between(a.start(), a.end()).getSeconds() / 60.0));
    }

    // ---- journeys ----

    /** Path -> number of agent-days, over days with at least two (de-duplicated consecutive) categories. */
    static Map<List<String>, Long> journeys(List<Action> visits) {
        Map<String, List<Action>> byAgentDay = new TreeMap<>();
        for (Action v : visits) {
            if (v.category() == null) {
                continue;
            }
            LocalDate day = v.start().atOffset(ZoneOffset.UTC).toLocalDate();
            byAgentDay.computeIfAbsent(v.agent() + "|" + day, k -> new ArrayList<>()).add(v);
        }
        Map<List<String>, Long> counts = new HashMap<>();
        for (List<Action> day : byAgentDay.values()) {
            day.sort((a, b) -> a.start().equals(b.start()) ? a.category().compareTo(b.category())
                    : a.start().compareTo(b.start()));
            List<String> path = new ArrayList<>();
            for (Action v : day) {
                if (path.isEmpty() || !path.get(path.size() - 1).equals(v.category())) {
                    path.add(v.category());
                }
            }
            if (path.size() >= 2) {
                counts.merge(List.copyOf(path.subList(0, Math.min(6, path.size()))), 1L, Long::sum);
            }
        }
        return counts;
    }

    static List<String> modePath(Map<List<String>, Long> counts) {
        return counts.entrySet().stream().sorted((a, b) -> {
            int byCount = Long.compare(b.getValue(), a.getValue());
            return byCount != 0 ? byCount : comparePaths(a.getKey(), b.getKey());
        }).findFirst().orElseThrow().getKey();
    }

    private static int comparePaths(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    // ---- fidelity ----

    static double fidelity(Map<String, Double> product, Map<String, Double> segmentMeans) {
        double f = 1;
        for (var e : product.entrySet()) {
            double s = segmentMeans.get(e.getKey());
            double p = e.getValue();
            double o = Math.sqrt(s * p) + Math.sqrt((1 - s) * (1 - p));
            f *= o * o;
        }
        return f;
    }

    static Map<String, List<Double>> dimensionValues(List<Profile> members) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (String d : SourceRows.DIMENSIONS) {
            values.put(d, members.stream().map(p -> p.dims().get(d)).filter(v -> v != null)
                    .map(Expected::clamp01).toList());
        }
        return values;
    }

    // ---- graph ----

    /** Each member's connections to consenting agents, as [member, other, compatibility, created]. */
    record Edge(String member, String other, double compatibility, Instant created) {
    }

    static List<Edge> memberEdges(SourceRows rows, Set<String> members, Set<String> consenting) {
        List<Edge> edges = new ArrayList<>();
        for (Connection c : rows.connections) {
            if (members.contains(c.a()) && consenting.contains(c.b())) {
                edges.add(new Edge(c.a(), c.b(), c.compatibility(), c.created()));
            }
            if (members.contains(c.b()) && consenting.contains(c.a())) {
                edges.add(new Edge(c.b(), c.a(), c.compatibility(), c.created()));
            }
        }
        return edges;
    }

    static Set<String> neighbours(SourceRows rows, Set<String> of, Set<String> consenting) {
        Set<String> result = new HashSet<>();
        for (Connection c : rows.connections) {
            if (of.contains(c.a()) && consenting.contains(c.b())) {
                result.add(c.b());
            }
            if (of.contains(c.b()) && consenting.contains(c.a())) {
                result.add(c.a());
            }
        }
        return result;
    }

    static String[] sortedArray(Collection<String> values) {
        String[] a = values.toArray(String[]::new);
        Arrays.sort(a);
        return a;
    }
}
