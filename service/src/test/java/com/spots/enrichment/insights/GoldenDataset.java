package com.spots.enrichment.insights;

import com.spots.enrichment.testing.SourceRows;
import com.spots.enrichment.testing.SourceRows.Profile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A small hand-built population, random but fixed by its seed: members of the segment (consenting, in
 * "testville"), consenting agents elsewhere, and non-consenting agents in testville; actions inside and outside the
 * 30-day window, one over-long visit (clamped), one out-of-range dimension (clamped), and a connection graph across
 * all of them. Timestamps keep clear of window boundaries.
 */
final class GoldenDataset {

    static final String REGION = "testville";
    static final List<String> CATEGORIES = List.of("cafe", "park", "museum", "bar");
    static final List<String> INTERESTS = List.of("coffee", "art", "music", "hiking", "food");
    static final List<String> ARCHETYPES = List.of("explorer", "curator", "curator", "builder");

    private GoldenDataset() {
    }

    /** Adds agents with ids prefixed by {@code prefix}; {@code consenting} and {@code region} set for all of them. */
    static List<String> addAgents(SourceRows rows, Random random, String prefix, int count, String region,
                                  boolean consenting) {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + Long.toHexString(random.nextLong() & 0xffffffffffffL);
            ids.add(id);
            Map<String, Double> dims = SourceRows.dims(random);
            if (i == 0) {
                dims.put("exploration_eagerness", 1.3);
            }
            List<String> interests = pick(random, INTERESTS, 1 + random.nextInt(3));
            List<String> categories = pick(random, CATEGORIES, 1 + random.nextInt(2));
            rows.profile(new Profile(id, dims, ARCHETYPES.get(random.nextInt(ARCHETYPES.size())),
                    Math.round(random.nextDouble() * 100) / 100.0, region, 20 + random.nextInt(40), interests,
                    categories, consenting, today.minus(Duration.ofHours(30 + random.nextInt(500)))));

            Set<String> visited = new HashSet<>();
            // one visit long before the window
            rows.action(id, "spot_visit", "spot-0", "cafe", today.minus(Duration.ofDays(45)).plusSeconds(36_000),
                    today.minus(Duration.ofDays(45)).plusSeconds(39_600), false);
            if (i == 1) {
                // an over-long visit: its dwell counts as 480 minutes
                Instant start = today.minus(Duration.ofDays(21)).plus(Duration.ofHours(7));
                rows.action(id, "spot_visit", "spot-3", "bar", start, start.plus(Duration.ofMinutes(700)), false);
                visited.add("spot-3");
            }
            int[] days = {2 + random.nextInt(5), 8 + random.nextInt(5), 14 + random.nextInt(6)};
            int n = 4 + random.nextInt(6);
            List<long[]> slots = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                slots.add(new long[]{days[random.nextInt(days.length)], 8 + random.nextInt(10), random.nextInt(50)});
            }
            slots.sort((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0])
                    : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
            for (long[] slot : slots) {
                Instant start = today.minus(Duration.ofDays(slot[0])).plus(Duration.ofHours(slot[1]))
                        .plus(Duration.ofMinutes(slot[2]));
                double u = random.nextDouble();
                int spotNumber = 1 + random.nextInt(12);
                String spot = "spot-" + spotNumber;
                String category = CATEGORIES.get(spotNumber % CATEGORIES.size());
                if (u < 0.65 || u >= 0.95) {
                    String type = u < 0.55 ? "spot_visit" : u < 0.65 ? "event_attendance" : "spot_visit";
                    long minutes = 5 + random.nextInt(295);
                    rows.action(id, type, spot, category, start, start.plus(Duration.ofMinutes(minutes)),
                            !visited.add(spot));
                } else if (u < 0.75) {
                    rows.action(id, "recommendation_followed", spot, category, start, null, false);
                } else if (u < 0.80) {
                    rows.action(id, "list_created", null, null, start, null, false);
                } else if (u < 0.88) {
                    rows.action(id, "list_shared", null, null, start, null, false);
                } else {
                    rows.action(id, "review_posted", spot, category, start, null, false);
                }
            }
        }
        return ids;
    }

    static void connect(SourceRows rows, Random random, List<String> agents, int count) {
        connect(rows, random, agents, agents, count);
    }

    /** {@code count} random connections from an agent of {@code from} to one of {@code to}. */
    static void connect(SourceRows rows, Random random, List<String> from, List<String> to, int count) {
        Instant now = Instant.now();
        for (int k = 0; k < count; k++) {
            String a = from.get(random.nextInt(from.size()));
            String b = to.get(random.nextInt(to.size()));
            if (a.equals(b)) {
                continue;
            }
            int daysAgo = random.nextBoolean() ? 1 + random.nextInt(26) : 33 + random.nextInt(27);
            rows.connect(a, b, Math.round(random.nextDouble() * 100) / 100.0,
                    now.minus(Duration.ofDays(daysAgo)).minus(Duration.ofMinutes(random.nextInt(600))));
        }
    }

    private static List<String> pick(Random random, List<String> from, int k) {
        List<String> copy = new ArrayList<>(from);
        java.util.Collections.shuffle(copy, random);
        return copy.subList(0, k).stream().sorted().toList();
    }
}
