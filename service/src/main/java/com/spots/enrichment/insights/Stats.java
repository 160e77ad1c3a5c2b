package com.spots.enrichment.insights;

import java.util.List;

/**
 * The statistics every insight uses (docs/insights.md, "Confidence and ci95"):
 * <ul>
 *   <li>mean of n values with sample standard deviation sd, clamped to [lo, hi]: ci95 = mean ± 1.96·sd/√n, clamped
 *       to [lo, hi]; with n &lt; 2 the interval is the whole range;</li>
 *   <li>rate k/n: the Wilson score interval at z = 1.96;</li>
 *   <li>confidence = 1 − (ci95 width ÷ range width), clamped to [0, 1]: 1 when the interval is a point, 0 when it
 *       says nothing beyond the range.</li>
 * </ul>
 */
public final class Stats {

    public static final double Z = 1.959963984540054;

    private Stats() {
    }

    public static Estimate mean(double mean, Double sd, long n, double lo, double hi) {
        double low = lo;
        double high = hi;
        if (n >= 2 && sd != null) {
            double half = Z * sd / Math.sqrt(n);
            low = Math.max(lo, mean - half);
            high = Math.min(hi, mean + half);
        }
        return new Estimate(mean, null, null, confidence(low, high, lo, hi), List.of(low, high));
    }

    public static Estimate rate(long k, long n) {
        double p = (double) k / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        double low = Math.max(0, centre - half);
        double high = Math.min(1, centre + half);
        return new Estimate(p, null, interpretThirds(p), confidence(low, high, 0, 1), List.of(low, high));
    }

    public static double confidence(double low, double high, double lo, double hi) {
        return clamp(1 - (high - low) / (hi - lo), 0, 1);
    }

    /** "low" below 1/3, "moderate" below 2/3, "high" from 2/3, for values on [0, 1]. */
    public static String interpretThirds(double value) {
        return value < 1.0 / 3 ? "low" : value < 2.0 / 3 ? "moderate" : "high";
    }

    public static double clamp(double value, double lo, double hi) {
        return Math.max(lo, Math.min(hi, value));
    }
}
