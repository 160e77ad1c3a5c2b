package com.spots.enrichment.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GET /v1/openapi.json and GET /docs, and the document's agreement with the running application: its paths,
 * example requests and error codes. The request schemas' agreement with the Java records is
 * {@link OpenApiSchemasMatchRequestRecordsTest}'s.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiDocumentTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB);

    private ApiClient client() {
        return TestApp.client(APP);
    }

    private JsonNode document() {
        Answer answer = client().get("/v1/openapi.json", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** What the application serves, as its own 404 lists it (read from Jersey's resource model). */
    private Set<String> servedEndpoints() {
        Answer answer = client().get("/v1/no-such-endpoint", TestKeys.create(DB).plaintext());
        assertThat(answer.errorCode()).isEqualTo("ENDPOINT_NOT_FOUND");
        Set<String> served = new TreeSet<>();
        answer.json().path("error").path("details").path("available_endpoints").forEach(e -> served.add(e.asText()));
        return served;
    }

    private static Set<String> documentedEndpoints(JsonNode document) {
        Set<String> documented = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (HTTP_METHODS.contains(method)) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return documented;
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        String ref = node.path("$ref").asText("");
        if (ref.isEmpty()) {
            return node;
        }
        assertThat(ref).startsWith("#/");
        JsonNode target = document.at(ref.substring(1));
        assertThat(target.isMissingNode()).as("reference %s resolves", ref).isFalse();
        return resolve(document, target);
    }

    @Test
    void theDocumentIsServedWithoutAKeyAsOpenApi3() {
        Answer answer = client().get("/v1/openapi.json", null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode document = answer.json();
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(document.path("info").path("title").asText()).isEqualTo("Enrichment API");
        assertThat(document.path("info").path("version").asText()).isEqualTo(Envelopes.API_VERSION);
        assertThat(document.has("success")).as("the document is not wrapped in the envelope").isFalse();
        assertThat(answer.header("X-Request-Id")).isPresent();
    }

    @Test
    void theDocumentIsCacheableAndRevalidatedByItsETag() {
        Answer first = client().get("/v1/openapi.json", null);
        String etag = first.header("ETag").orElseThrow();
        assertThat(first.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("max-age="));
        Answer again = client().send("GET", "/v1/openapi.json", Map.of("If-None-Match", etag), null, false);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        Answer stale = client().send("GET", "/v1/openapi.json", Map.of("If-None-Match", "\"something-else\""), null, false);
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(first.body());
    }

    @Test
    void theDocumentIsTheOnlyKeyFreePathUnderV1() {
        assertThat(client().get("/v1/openapi.json/x", null).errorCode()).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(client().send("POST", "/v1/openapi.json", Map.of("Content-Type", "application/json"),
                "{}".getBytes(), false).status()).isEqualTo(405);
    }

    @Test
    void everyEndpointTheApplicationServesIsDocumentedWithItsMethod() {
        Set<String> served = servedEndpoints();
        assertThat(served).contains("POST /v1/real-world-behavior", "GET /v1/openapi.json", "GET /docs");
        assertThat(documentedEndpoints(document())).containsAll(served);
    }

    @Test
    void everyDocumentedEndpointIsServed() {
        Set<String> missing = new TreeSet<>(documentedEndpoints(document()));
        missing.removeAll(servedEndpoints());
        assertThat(missing).as("documented but not served").isEmpty();
    }


    @Test
    void theKeyFreeOperationsAreMarkedAsSuch() {
        JsonNode document = document();
        assertThat(document.at("/paths/~1v1~1openapi.json/get/security").isArray()).isTrue();
        assertThat(document.at("/paths/~1v1~1openapi.json/get/security")).isEmpty();
        assertThat(document.at("/paths/~1docs/get/security")).isEmpty();
        assertThat(document.path("security")).hasSize(2);
        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/components/securitySchemes/apiKeyAuth/name").asText()).isEqualTo("Authorization");
    }

    @Test
    void everyExampleRequestInTheDocumentPassesValidation() {
        JsonNode document = document();
        List<String> checked = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            JsonNode media = operation.getValue().path("requestBody").path("content").path("application/json");
            List<JsonNode> examples = new ArrayList<>();
            if (media.has("example")) {
                examples.add(media.path("example"));
            }
            media.path("examples").forEach(e -> examples.add(resolve(document, e).path("value")));
            for (JsonNode example : examples) {
                Answer answer = client().send(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        Map.of("Authorization", "Bearer " + TestKeys.create(DB).plaintext(),
                                "Content-Type", "application/json"),
                        example.toString().getBytes(), false);
                assertThat(answer.status()).as("%s %s: %s", operation.getKey(), path.getKey(), answer.body())
                        .isIn(200, 422, 501);
                checked.add(path.getKey());
            }
        }));
        assertThat(checked).contains("/v1/real-world-behavior", "/v1/quantum-personality", "/v1/community-influence");
    }

    @Test
    void theErrorCodeSchemaIsTheCatalogue() {
        List<String> documented = new ArrayList<>();
        document().at("/components/schemas/ErrorCode/enum").forEach(c -> documented.add(c.asText()));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
    }

    @Test
    void everyErrorCodeInTheDocumentIsInTheCatalogueUnderItsStatus() {
        JsonNode document = document();
        Set<String> catalogue = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());
        Set<String> listed = new LinkedHashSet<>();
        document.at("/components/responses").fields().forEachRemaining(response -> {
            JsonNode codes = response.getValue().path("x-error-codes");
            assertThat(codes.isArray() && !codes.isEmpty()).as("%s lists its x-error-codes", response.getKey()).isTrue();
            Set<Integer> statuses = new TreeSet<>();
            codes.forEach(code -> {
                assertThat(catalogue).as("code in %s", response.getKey()).contains(code.asText());
                statuses.add(ErrorCode.valueOf(code.asText()).status());
                listed.add(code.asText());
            });
            assertThat(statuses).as("one status per reusable response %s", response.getKey()).hasSize(1);
        });
        assertThat(listed).as("every code of the catalogue has a reusable response").containsAll(catalogue);

        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation ->
                operation.getValue().path("responses").fields().forEachRemaining(response -> {
                    resolve(document, response.getValue()).path("x-error-codes").forEach(code ->
                            assertThat(ErrorCode.valueOf(code.asText()).status())
                                    .as("%s under %s of %s %s", code.asText(), response.getKey(), operation.getKey(), path.getKey())
                                    .isEqualTo(Integer.parseInt(response.getKey())));
                })));
    }

    @Test
    void everyReferenceInTheDocumentResolves() {
        JsonNode document = document();
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        refs.forEach(ref -> assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse());
    }

    private static void collectRefs(JsonNode node, List<String> into) {
        if (node.isObject() && node.has("$ref")) {
            into.add(node.path("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, into));
    }

    @Test
    void theDocsPageIsServedWithoutAKeyAndRendersTheDocument() {
        Answer answer = client().get("/docs", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(answer.body()).contains("SwaggerUIBundle", "\"/v1/openapi.json\"");
    }

    @Test
    void everyAssetTheDocsPageLoadsIsServedByThisService() {
        String page = client().get("/docs", null).body();
        assertThat(page).doesNotContain("http://", "https://", "//cdn");
        Matcher references = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page);
        List<String> assets = new ArrayList<>();
        while (references.find()) {
            assets.add(references.group(1));
        }
        assertThat(assets).contains("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css");
        for (String asset : assets) {
            Answer answer = client().get(asset, null);
            assertThat(answer.status()).as(asset).isEqualTo(200);
            assertThat(answer.body()).as(asset).isNotEmpty();
        }
        assertThat(client().get("/docs/assets/swagger-ui-bundle.js", null).header("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).contains("javascript"));
    }

    @Test
    void theWebjarsDemoPageIsNotServed() {
        assertThat(client().get("/docs/assets/", null).status()).isEqualTo(404);
    }
}
