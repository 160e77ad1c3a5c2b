package com.spots.enrichment.testing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** Hand-built rows of the three source tables, kept in memory (for expected values) and inserted for real. */
public final class SourceRows {

    public static final List<String> DIMENSIONS = List.of("exploration_eagerness", "community_orientation",
            "authenticity_preference", "social_discovery_style", "temporal_flexibility", "location_adventurousness",
            "curation_tendency", "trust_network_reliance", "energy_preference", "novelty_seeking",
            "value_orientation", "crowd_tolerance");

    public record Profile(String id, Map<String, Double> dims, String archetype, Double authenticity, String region,
                          int age, List<String> interests, List<String> categories, boolean consent,
                          Instant updatedAt) {
    }

    public record Action(long id, String agent, String type, String spot, String category, Instant start, Instant end,
                         boolean isReturn, Instant created) {
        public boolean isVisit() {
            return (type.equals("spot_visit") || type.equals("event_attendance")) && end != null;
        }
    }

    public record Connection(long id, String a, String b, double compatibility, Instant created) {
    }

    /** Every agent id any test inserted in this JVM: no answer of the API may contain one (SPEC §5). */
    private static final Set<String> INSERTED = ConcurrentHashMap.newKeySet();

    /** Called by {@link ApiClient} on every response body of every test. */
    static void assertNoAgentIdIn(String body) {
        for (String id : INSERTED) {
            if (body.contains(id)) {
                throw new AssertionError("a response contains the agent id " + id + ": " + body);
            }
        }
    }

    public final List<Profile> profiles = new ArrayList<>();
    public final List<Action> actions = new ArrayList<>();
    public final List<Connection> connections = new ArrayList<>();

    public Profile profile(Profile p) {
        profiles.add(p);
        return p;
    }

    public Action action(String agent, String type, String spot, String category, Instant start, Instant end,
                         boolean isReturn) {
        Action a = new Action(0, agent, type, spot, category, start, end, isReturn, end != null ? end : start);
        actions.add(a);
        return a;
    }

    public Connection connect(String a, String b, double compatibility, Instant created) {
        Connection c = new Connection(0, a, b, compatibility, created);
        connections.add(c);
        return c;
    }

    /** Inserts the rows into the database; actions and connections get their ids in list order. */
    public void insert(TestDatabase db) {
        profiles.forEach(p -> INSERTED.add(p.id()));
        try (Handle h = db.jdbi().open()) {
            h.useTransaction(t -> {
                var profileBatch = t.prepareBatch("INSERT INTO personality_profiles (agent_id, dimensions, archetype,"
                        + " authenticity_score, home_region, age, interests, category_preferences, data_sharing_opt_in,"
                        + " updated_at) VALUES (:id, CAST(:dims AS jsonb), :archetype, :authenticity, :region, :age,"
                        + " :interests, :categories, :consent, :updated)");
                for (Profile p : profiles) {
                    profileBatch.bind("id", p.id()).bind("dims", json(p.dims())).bind("archetype", p.archetype())
                            .bind("authenticity", p.authenticity()).bind("region", p.region()).bind("age", p.age())
                            .bind("interests", p.interests().toArray(String[]::new))
                            .bind("categories", p.categories().toArray(String[]::new))
                            .bind("consent", p.consent()).bind("updated", odt(p.updatedAt())).add();
                }
                profileBatch.execute();
                var actionBatch = t.prepareBatch("INSERT INTO user_actions (agent_id, action_type, spot_id,"
                        + " spot_category, start_time, end_time, is_return_visit, created_at) VALUES (:agent, :type,"
                        + " :spot, :category, :start, :end, :isReturn, :created)");
                for (Action a : actions) {
                    actionBatch.bind("agent", a.agent()).bind("type", a.type()).bind("spot", a.spot())
                            .bind("category", a.category()).bind("start", odt(a.start()))
                            .bindByType("end", odt(a.end()), OffsetDateTime.class)
                            .bind("isReturn", a.isReturn()).bind("created", odt(a.created())).add();
                }
                if (!actions.isEmpty()) {
                    actionBatch.execute();
                }
                var connectionBatch = t.prepareBatch("INSERT INTO ai2ai_connections (agent_id_1, agent_id_2,"
                        + " compatibility_score, created_at) VALUES (:a, :b, :c, :created)");
                for (Connection c : connections) {
                    connectionBatch.bind("a", c.a()).bind("b", c.b()).bind("c", c.compatibility())
                            .bind("created", odt(c.created())).add();
                }
                if (!connections.isEmpty()) {
                    connectionBatch.execute();
                }
            });
        }
    }

    private static OffsetDateTime odt(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String json(Map<String, Double> dims) {
        return dims.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    public static Map<String, Double> dims(java.util.Random random) {
        Map<String, Double> dims = new LinkedHashMap<>();
        for (String d : DIMENSIONS) {
            dims.put(d, Math.round(random.nextDouble() * 1000) / 1000.0);
        }
        return dims;
    }
}
