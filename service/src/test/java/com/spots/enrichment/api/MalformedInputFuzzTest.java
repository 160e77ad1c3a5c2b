package com.spots.enrichment.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.Envelope;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated hostile input for every endpoint: arbitrary bytes, wrong JSON types, huge numbers, deep nesting,
 * unicode and SQL metacharacters, mutated valid bodies, odd media types. Whatever arrives, the answer is
 * never a server failure and always the envelope. The generator is seeded, so a failure is reproducible.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MalformedInputFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261125L);
    private static final int CASES_PER_ENDPOINT = Integer.getInteger("fuzz.cases", 400);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB);

    private static final Map<String, String> VALID_BODIES = Map.of(
            "/v1/real-world-behavior", """
                    {"user_segment":{"segment_id":"sf-coffee","geographic_region":"san_francisco",
                      "category_preferences":["coffee"],"demographics":{"age_range":[25,40],"interests":["music"]}},
                     "product_context":{"category":"coffee","subcategory":"espresso","price_range":"premium"},
                     "time_window_days":30,"requested_insights":["dwell_time_patterns"]}""",
            "/v1/quantum-personality", """
                    {"user_segment":{"segment_id":"sf-coffee"},
                     "product_quantum_state":{"category":"coffee","style":"minimal","price":"mid","features":["organic"],
                       "attributes":{"energy_level":0.4,"novelty":0.7,"community_oriented":0.2}},
                     "candidate_products":[{"product_id":"sku-1","category":"coffee","price":"budget"}],
                     "requested_insights":["quantum_compatibility"]}""",
            "/v1/community-influence", """
                    {"user_segment":{"segment_id":"sf-coffee"},"product_category":"coffee","time_window_days":7,
                     "requested_insights":["influence_network"]}""",
            "/v1/segments-that-do-not-exist", "{}");

    private static final String[] NASTY_STRINGS = {
            "", " ", "'; DROP TABLE api_keys; --", "\" OR 1=1 --", "%", "_", "\\", "\u0000", "\u202e\u200b",
            "😀🏳️‍🌈", "ñandú", "日本語", "a".repeat(5000), "${jndi:ldap://x}", "<script>alert(1)</script>",
            "null", "NaN", "-0", "1e309", "\ud800"};
    private static final String[] NASTY_NUMBERS = {
            "1e309", "-1e309", "123456789012345678901234567890", "-9223372036854775809", "0.000000000000000000001",
            "1E+2147483647", "-0", "2147483648", "NaN", "Infinity", "0x10", "01"};
    private static final String[] CONTENT_TYPES = {
            "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
            "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1", "*/*", "",
            "application/vnd.api+json"};

    @ParameterizedTest
    @ValueSource(strings = {"/v1/real-world-behavior", "/v1/quantum-personality", "/v1/community-influence",
            "/v1/segments-that-do-not-exist"})
    void hostileInputNeverCausesAServerErrorAndAlwaysGetsTheEnvelope(String path) throws Exception {
        ApiClient client = TestApp.client(APP);
        String key = TestKeys.createUnthrottled(DB).plaintext();
        Random random = new Random(SEED ^ path.hashCode());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES_PER_ENDPOINT; i++) {
            Case c = generate(random, VALID_BODIES.get(path));
            Map<String, String> headers = Map.of("Authorization", "Bearer " + key, "Content-Type", c.contentType());
            Answer answer;
            try {
                answer = client.send("POST", path, headers, c.body(), c.chunked());
            } catch (RuntimeException stalePooledConnection) {
                // The client may reuse a keep-alive connection the server has just closed; the same input on a
                // new connection must then be answered (a crash would fail again).
                try {
                    answer = TestApp.client(APP).send("POST", path, headers, c.body(), c.chunked());
                } catch (RuntimeException e) {
                    failures.add("case " + i + " (" + c.description() + "): no answer: " + e);
                    continue;
                }
            }
            String problem = problem(answer);
            if (problem != null) {
                failures.add("case " + i + " (" + c.description() + "): " + problem + "\n  body sent: "
                        + abbreviate(new String(c.body(), StandardCharsets.UTF_8)) + "\n  answer: " + abbreviate(answer.body()));
            }
        }
        assertThat(failures).as("seed %d", SEED).isEmpty();
    }

    private static String problem(Answer answer) {
        if (answer.status() >= 500 && !(answer.status() == 501 && "NOT_IMPLEMENTED".equals(answer.errorCode()))) {
            return "server error " + answer.status();
        }
        try {
            JsonNode body = answer.json();
            if (!body.path("success").isBoolean() || !body.has("metadata")) {
                return "no envelope";
            }
            if (!body.path("success").asBoolean() && body.path("error").path("code").asText().isEmpty()) {
                return "error without code";
            }
            Envelope.assertMetadata(answer);
            Envelope.assertNoInternals(answer.body());
        } catch (AssertionError e) {
            return e.getMessage();
        }
        return null;
    }

    private record Case(String description, String contentType, byte[] body, boolean chunked) {
    }

    private static Case generate(Random random, String validBody) throws Exception {
        int kind = random.nextInt(8);
        boolean chunked = random.nextInt(5) == 0;
        String json = "application/json";
        switch (kind) {
            case 0 -> {
                byte[] bytes = new byte[random.nextInt(3000)];
                random.nextBytes(bytes);
                return new Case("random bytes", json, bytes, chunked);
            }
            case 1 -> {
                int depth = 100 + random.nextInt(4000);
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                String body = random.nextBoolean()
                        ? "{\"user_segment\":{\"segment_id\":\"x\",\"demographics\":{\"interests\":"
                                + open.repeat(depth) + "1" + close.repeat(depth) + "}}}"
                        : open.repeat(depth) + close.repeat(random.nextInt(depth + 1));
                return new Case("nesting depth " + depth, json, body.getBytes(StandardCharsets.UTF_8), chunked);
            }
            case 2 -> {
                String type = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
                return new Case("content type '" + type + "'", type, validBody.getBytes(StandardCharsets.UTF_8), chunked);
            }
            case 3 -> {
                String body = validBody.substring(0, random.nextInt(validBody.length()));
                return new Case("truncated", json, body.getBytes(StandardCharsets.UTF_8), chunked);
            }
            default -> {
                JsonNode tree = JSON.readTree(validBody);
                int mutations = 1 + random.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    mutate(tree, random);
                }
                String body = JSON.writeValueAsString(tree);
                for (String number : NASTY_NUMBERS) {
                    if (random.nextInt(6) == 0) {
                        body = body.replaceFirst("\"__NUMBER__\"", number);
                    }
                }
                body = body.replace("\"__NUMBER__\"", NASTY_NUMBERS[random.nextInt(NASTY_NUMBERS.length)]);
                return new Case("mutated valid body", json, body.getBytes(StandardCharsets.UTF_8), chunked);
            }
        }
    }

    /** Replaces one randomly chosen node of the tree with a hostile value. */
    private static void mutate(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        JsonNode value = hostileValue(random);
        if (target instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            Iterator<String> it = object.fieldNames();
            it.forEachRemaining(names::add);
            String name = names.isEmpty() || random.nextInt(5) == 0 ? NASTY_STRINGS[random.nextInt(NASTY_STRINGS.length)]
                    : names.get(random.nextInt(names.size()));
            object.set(name, value);
        } else if (target instanceof ArrayNode array) {
            if (array.isEmpty() || random.nextBoolean()) {
                array.add(value);
            } else {
                array.set(random.nextInt(array.size()), value);
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.forEach(child -> collect(child, into));
        }
    }

    private static JsonNode hostileValue(Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(9)) {
            case 0 -> f.textNode(NASTY_STRINGS[random.nextInt(NASTY_STRINGS.length)]);
            case 1 -> f.textNode("__NUMBER__");
            case 2 -> f.numberNode(random.nextInt());
            case 3 -> f.numberNode(random.nextDouble() * 1e6 - 5e5);
            case 4 -> f.booleanNode(random.nextBoolean());
            case 5 -> f.nullNode();
            case 6 -> f.arrayNode().add(f.textNode(NASTY_STRINGS[random.nextInt(NASTY_STRINGS.length)])).add(f.nullNode());
            case 7 -> f.objectNode().put("segment_id", NASTY_STRINGS[random.nextInt(NASTY_STRINGS.length)]);
            default -> {
                ArrayNode many = f.arrayNode();
                for (int i = 0; i < 150; i++) {
                    many.add("item" + i);
                }
                yield many;
            }
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…(" + s.length() + " chars)";
    }
}
