package com.spots.enrichment.sourcedata;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A synthetic population of the consumer app, deterministic for (seed, agents, asOf): personality archetypes as
 * clusters of correlated dimensions, regions, ages, interests, category preferences, about 20 actions per agent over
 * 90 days organised as outings (ordered visits within a day, plausible dwell times, return visits), and a
 * small-world connection graph (a ring lattice inside each region, 10 % of links rewired anywhere). Rows are written
 * in PostgreSQL COPY text format.
 */
public final class DemoPopulation {

    static final String[] DIMENSIONS = {"exploration_eagerness", "community_orientation", "authenticity_preference",
            "social_discovery_style", "temporal_flexibility", "location_adventurousness", "curation_tendency",
            "trust_network_reliance", "energy_preference", "novelty_seeking", "value_orientation", "crowd_tolerance"};

    static final String[] REGIONS = {"new_york", "los_angeles", "chicago", "san_francisco", "austin", "seattle",
            "boston", "houston", "miami", "denver", "portland", "atlanta", "philadelphia", "washington_dc"};
    private static final double[] REGION_WEIGHTS = {16, 12, 9, 8, 6, 7, 6, 6, 5, 5, 4, 5, 4, 7};

    static final String[] CATEGORIES = {"cafe", "restaurant", "bar", "museum", "park", "gallery", "bookstore", "gym",
            "boutique", "market", "music_venue", "theater"};
    /** Mean dwell minutes per category (log-normal around it). */
    private static final double[] DWELL_MINUTES = {35, 75, 90, 110, 60, 50, 30, 65, 25, 45, 150, 140};

    static final String[] INTERESTS = {"coffee", "food", "art", "music", "hiking", "fitness", "tech", "fashion", "books",
            "film", "photography", "travel", "gaming", "wine", "craft_beer", "yoga", "cycling", "design", "history",
            "theater", "dance", "cooking", "sustainability", "nightlife"};

    /** An archetype: dimension centroid, favoured interests and categories (indexes), mean age. */
    private record Archetype(String name, double[] centroid, int[] interests, int[] categories, double meanAge) {
    }

    private static final Archetype[] ARCHETYPES = {
            new Archetype("explorer", new double[]{.85, .45, .6, .55, .75, .85, .4, .35, .7, .8, .45, .6},
                    new int[]{4, 10, 11, 16, 1, 17}, new int[]{4, 3, 1, 9}, 29),
            new Archetype("community_builder", new double[]{.5, .9, .6, .8, .5, .45, .5, .75, .6, .45, .5, .75},
                    new int[]{1, 3, 21, 22, 20, 0}, new int[]{0, 1, 9, 10}, 38),
            new Archetype("curator", new double[]{.55, .5, .85, .45, .45, .5, .9, .6, .4, .5, .35, .35},
                    new int[]{2, 8, 17, 18, 10, 13}, new int[]{3, 5, 6, 11}, 42),
            new Archetype("comfort_seeker", new double[]{.2, .55, .5, .35, .3, .2, .45, .8, .3, .2, .7, .3},
                    new int[]{0, 21, 8, 9, 1, 15}, new int[]{0, 1, 4, 6}, 45),
            new Archetype("trendsetter", new double[]{.75, .6, .45, .85, .65, .7, .6, .4, .85, .9, .3, .8},
                    new int[]{7, 3, 23, 6, 20, 10}, new int[]{2, 8, 10, 5}, 26),
            new Archetype("value_hunter", new double[]{.45, .55, .4, .5, .6, .45, .55, .65, .5, .4, .9, .6},
                    new int[]{1, 12, 5, 14, 16, 6}, new int[]{9, 1, 7, 0}, 35)};
    private static final double[] ARCHETYPE_WEIGHTS = {18, 20, 14, 18, 14, 16};

    private static final int SPOTS_PER_CATEGORY = 40;
    private static final long DAY = 86_400L;

    private final long seed;
    private final int agents;
    private final long asOf;
    private final String[] ids;
    private final int[] region;
    private final int[] archetype;
    private final float[][] dims;
    private final boolean[] consent;

    public DemoPopulation(long seed, int agents, Instant asOf) {
        this.seed = seed;
        this.agents = agents;
        this.asOf = asOf.getEpochSecond();
        this.ids = new String[agents];
        this.region = new int[agents];
        this.archetype = new int[agents];
        this.dims = new float[agents][];
        this.consent = new boolean[agents];
    }

    public int agents() {
        return agents;
    }

    private SplittableRandom random(int stream, int agent) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + agent);
    }

    /** One personality_profiles row per agent (must run first: later steps read what it drew). */
    public void profile(int i, StringBuilder out) {
        SplittableRandom r = random(1, i);
        ids[i] = String.format("%016x", r.nextLong());
        region[i] = pick(r, REGION_WEIGHTS);
        archetype[i] = pick(r, ARCHETYPE_WEIGHTS);
        Archetype a = ARCHETYPES[archetype[i]];
        float[] d = new float[DIMENSIONS.length];
        // a shared per-agent "intensity" shift makes dimensions co-vary inside an archetype
        double shift = gaussian(r) * 0.06;
        out.append(ids[i]).append("\t{");
        for (int k = 0; k < d.length; k++) {
            d[k] = (float) clamp(a.centroid()[k] + shift + gaussian(r) * 0.1, 0, 1);
            if (k > 0) {
                out.append(", ");
            }
            out.append('"').append(DIMENSIONS[k]).append("\": ").append(Math.round(d[k] * 1000) / 1000.0);
        }
        dims[i] = d;
        consent[i] = r.nextDouble() < 0.85;
        double authenticity = clamp(0.55 + 0.35 * (d[2] - 0.5) + gaussian(r) * 0.12, 0, 1);
        int age = (int) Math.round(clamp(a.meanAge() + gaussian(r) * 9, 18, 80));
        out.append("}\t").append(a.name()).append('\t').append(Math.round(authenticity * 1000) / 1000.0)
                .append('\t').append(REGIONS[region[i]]).append('\t').append(age).append('\t');
        appendArray(out, choose(r, a.interests(), INTERESTS.length, 3 + r.nextInt(4), INTERESTS));
        out.append('\t');
        appendArray(out, choose(r, a.categories(), CATEGORIES.length, 2 + r.nextInt(3), CATEGORIES));
        out.append('\t').append(consent[i] ? 't' : 'f').append('\t')
                .append(timestamp(asOf - (long) (r.nextDouble() * 90 * DAY))).append('\n');
    }

    /** The agent's actions over the 90 days before asOf, as outings; returns how many rows it wrote. */
    public int actions(int i, StringBuilder out) {
        SplittableRandom r = random(2, i);
        Archetype a = ARCHETYPES[archetype[i]];
        int count = 10 + r.nextInt(21);
        int outings = Math.max(1, (int) Math.round(count / 2.5));
        long[] days = new long[outings];
        for (int o = 0; o < outings; o++) {
            days[o] = r.nextInt(90);
        }
        java.util.Arrays.sort(days);
        Set<Integer> visited = new HashSet<>();
        List<Integer> history = new ArrayList<>();
        int written = 0;
        for (int o = 0; o < outings && written < count; o++) {
            long dayStart = asOf - (90 - days[o]) * DAY;
            long t = dayStart + (8 + r.nextInt(11)) * 3600L + r.nextInt(3600);
            int steps = o == outings - 1 ? count - written : Math.min(count - written, 1 + r.nextInt(4));
            for (int s = 0; s < steps && t < asOf - 60; s++) {
                double u = r.nextDouble();
                String type = u < 0.72 ? "spot_visit" : u < 0.80 ? "event_attendance" : u < 0.88
                        ? "recommendation_followed" : u < 0.91 ? "list_created" : u < 0.95 ? "list_shared" : "review_posted";
                int spot;
                if (!history.isEmpty() && r.nextDouble() < 0.3) {
                    spot = history.get(r.nextInt(history.size()));
                } else {
                    int category = r.nextDouble() < 0.7 ? a.categories()[r.nextInt(a.categories().length)]
                            : r.nextInt(CATEGORIES.length);
                    if (type.equals("event_attendance")) {
                        category = new int[]{10, 11, 5, 3}[r.nextInt(4)];
                    }
                    double v = r.nextDouble();
                    spot = category * SPOTS_PER_CATEGORY + (int) (SPOTS_PER_CATEGORY * v * v);
                }
                int category = spot / SPOTS_PER_CATEGORY;
                String spotId = REGIONS[region[i]] + "-" + CATEGORIES[category] + "-" + (spot % SPOTS_PER_CATEGORY);
                boolean isVisit = type.equals("spot_visit") || type.equals("event_attendance");
                long dwell = Math.min(6 * 3600L,
                        (long) (60 * DWELL_MINUTES[category] * Math.exp(gaussian(r) * 0.45 - 0.1)));
                if (isVisit && t + dwell >= asOf) {
                    break;
                }
                out.append(ids[i]).append('\t').append(type).append('\t');
                if (type.startsWith("list_")) {
                    out.append("\\N\t\\N\t").append(timestamp(t)).append("\t\\N\tf\t").append(timestamp(t)).append('\n');
                    t += 60 + r.nextInt(600);
                } else if (isVisit) {
                    boolean isReturn = !visited.add(spot);
                    if (!isReturn) {
                        history.add(spot);
                    }
                    out.append(spotId).append('\t').append(CATEGORIES[category]).append('\t').append(timestamp(t))
                            .append('\t').append(timestamp(t + dwell)).append('\t').append(isReturn ? 't' : 'f')
                            .append('\t').append(timestamp(t + dwell)).append('\n');
                    t += dwell + 600 + r.nextInt(2400);
                } else {
                    out.append(spotId).append('\t').append(CATEGORIES[category]).append('\t').append(timestamp(t))
                            .append("\t\\N\tf\t").append(timestamp(t)).append('\n');
                    t += 120 + r.nextInt(900);
                }
                written++;
            }
        }
        return written;
    }

    /**
     * The connections agent i starts: to the next five agents of its region in id order (a ring lattice), each
     * rewired with probability 0.1 to any agent; compatibility from personality similarity plus noise.
     */
    public int connections(int i, int[] regionOrder, int[] positionInOrder, int[] regionStart, int[] regionSize,
                           StringBuilder out) {
        SplittableRandom r = random(3, i);
        int reg = region[i];
        int pos = positionInOrder[i] - regionStart[reg];
        int written = 0;
        for (int k = 1; k <= 5 && k < regionSize[reg]; k++) {
            int j = regionOrder[regionStart[reg] + (pos + k) % regionSize[reg]];
            if (r.nextDouble() < 0.1) {
                j = r.nextInt(agents);
            }
            if (j == i) {
                continue;
            }
            double distance = 0;
            for (int d = 0; d < DIMENSIONS.length; d++) {
                distance += Math.abs(dims[i][d] - dims[j][d]);
            }
            double compatibility = clamp(1 - distance / DIMENSIONS.length * 2.2 + gaussian(r) * 0.05, 0, 1);
            long created = asOf - (long) (r.nextDouble() * 180 * DAY);
            out.append(ids[i]).append('\t').append(ids[j]).append('\t')
                    .append(Math.round(compatibility * 1000) / 1000.0).append('\t').append(timestamp(created)).append('\n');
            written++;
        }
        return written;
    }

    int region(int i) {
        return region[i];
    }

    private static void appendArray(StringBuilder out, List<String> values) {
        out.append('{').append(String.join(",", values)).append('}');
    }

    /** k distinct names, each drawn 70 % of the time from the favoured ones. */
    private static List<String> choose(SplittableRandom r, int[] favoured, int all, int k, String[] names) {
        Set<Integer> chosen = new java.util.LinkedHashSet<>();
        while (chosen.size() < k) {
            chosen.add(r.nextDouble() < 0.7 ? favoured[r.nextInt(favoured.length)] : r.nextInt(all));
        }
        return chosen.stream().sorted().map(c -> names[c]).toList();
    }

    private static int pick(SplittableRandom r, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = r.nextDouble() * total;
        for (int k = 0; k < weights.length; k++) {
            u -= weights[k];
            if (u < 0) {
                return k;
            }
        }
        return weights.length - 1;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static String timestamp(long epochSecond) {
        return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC).toString() + "+00";
    }
}
