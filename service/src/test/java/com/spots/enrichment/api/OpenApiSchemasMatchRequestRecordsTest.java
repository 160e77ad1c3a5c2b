package com.spots.enrichment.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.insights.behavior.RealWorldBehaviorRequest;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import io.dropwizard.auth.Auth;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The request schemas of the served OpenAPI document against the records the resources really validate,
 * found through the running application's registered resources: field names, required fields, types, enum
 * values, lengths, patterns, ranges and list sizes, so the document cannot drift from the code unnoticed.
 * (Cross-field rules such as an ordered age range are only described in prose and not checked here.)
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiSchemasMatchRequestRecordsTest {

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB);

    private JsonNode document() {
        return TestApp.client(APP).get("/v1/openapi.json", null).json();
    }

    @Test
    void everyRequestBodySchemaMatchesTheRecordItsResourceValidates() {
        JsonNode document = document();
        List<String> compared = new ArrayList<>();
        ResourceConfig jersey = APP.getEnvironment().jersey().getResourceConfig();
        Set<Class<?>> components = new LinkedHashSet<>(jersey.getClasses());
        jersey.getInstances().forEach(instance -> components.add(instance.getClass()));
        for (Class<?> resource : components) {
            Path path = resource.getAnnotation(Path.class);
            if (path == null) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                JsonNode operation = document.path("paths").path(path.value()).path(http.toLowerCase(Locale.ROOT));
                assertThat(operation.isMissingNode()).as("%s %s is documented", http, path.value()).isFalse();
                Class<?> body = entityType(method);
                if (body == null) {
                    assertThat(operation.has("requestBody")).as("%s %s takes no body", http, path.value()).isFalse();
                    continue;
                }
                assertThat(operation.at("/requestBody/required").asBoolean()).isTrue();
                JsonNode schema = operation.at("/requestBody/content/application~1json/schema");
                assertRecord(document, body, schema, http + " " + path.value());
                compared.add(path.value());
            }
        }
        assertThat(compared).contains("/v1/real-world-behavior", "/v1/quantum-personality", "/v1/community-influence");
    }

    @Test
    void theDocumentedDefaultTimeWindowIsTheOneTheCodeApplies() {
        assertThat(document().at("/components/schemas/RealWorldBehaviorRequest/properties/time_window_days/default").asInt())
                .isEqualTo(RealWorldBehaviorRequest.DEFAULT_TIME_WINDOW_DAYS);
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static Class<?> entityType(Method method) {
        for (Parameter parameter : method.getParameters()) {
            if (!parameter.isAnnotationPresent(Auth.class) && !parameter.isAnnotationPresent(Context.class)) {
                return parameter.getType();
            }
        }
        return null;
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        String ref = node.path("$ref").asText("");
        if (ref.isEmpty()) {
            return node;
        }
        JsonNode target = document.at(ref.substring(1));
        assertThat(target.isMissingNode()).as("reference %s resolves", ref).isFalse();
        return resolve(document, target);
    }

    private static void assertRecord(JsonNode document, Class<?> record, JsonNode schemaNode, String where) {
        assertThat(record.isRecord()).as("%s is read into a record", where).isTrue();
        JsonNode schema = resolve(document, schemaNode);
        assertThat(schema.path("type").asText()).as("type of %s", where).isEqualTo("object");
        assertThat(schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean())
                .as("%s refuses unknown fields (additionalProperties: false)", where).isTrue();

        Set<String> documented = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(documented::add);
        Set<String> documentedRequired = new TreeSet<>();
        schema.path("required").forEach(r -> documentedRequired.add(r.asText()));
        Set<String> fields = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = SNAKE.translate(component.getName());
            fields.add(name);
            List<Annotation> annotations = annotations(record, component);
            if (has(annotations, NotNull.class) || has(annotations, NotBlank.class)) {
                required.add(name);
            }
            JsonNode property = schema.path("properties").path(name);
            if (!property.isMissingNode()) {
                assertValue(document, annotations, component.getAnnotatedType(), property, where + "." + name);
            }
        }
        assertThat(documented).as("fields of %s", where).isEqualTo(fields);
        assertThat(documentedRequired).as("required fields of %s", where).isEqualTo(required);
    }

    private static List<Annotation> annotations(Class<?> record, RecordComponent component) {
        try {
            return Stream.concat(Arrays.stream(record.getDeclaredField(component.getName()).getAnnotations()),
                    Arrays.stream(component.getAnnotatedType().getAnnotations())).distinct().toList();
        } catch (NoSuchFieldException e) {
            throw new AssertionError("a record has a field per component", e);
        }
    }

    private static void assertValue(JsonNode document, List<Annotation> annotations, AnnotatedType type,
                                    JsonNode schemaNode, String where) {
        JsonNode schema = resolve(document, schemaNode);
        Class<?> raw = raw(type.getType());
        Size size = find(annotations, Size.class);
        if (raw == String.class) {
            assertThat(schema.path("type").asText()).as("type of %s", where).isEqualTo("string");
            if (size != null) {
                assertThat(schema.path("maxLength").asInt(-1)).as("maxLength of %s", where).isEqualTo(size.max());
                if (size.min() > 0) {
                    assertThat(schema.path("minLength").asInt(-1)).as("minLength of %s", where).isEqualTo(size.min());
                }
            }
            if (has(annotations, NotBlank.class)) {
                assertThat(schema.path("minLength").asInt(0)).as("minLength of %s (not blank)", where).isGreaterThanOrEqualTo(1);
                assertThat(schema.path("pattern").asText()).as("pattern of %s (not blank)", where).isNotEmpty();
            }
            jakarta.validation.constraints.Pattern pattern = find(annotations, jakarta.validation.constraints.Pattern.class);
            if (pattern != null) {
                assertThat(schema.path("pattern").asText()).as("pattern of %s", where).isEqualTo("^" + pattern.regexp() + "$");
            }
        } else if (raw == Integer.class || raw == Long.class || raw == int.class || raw == long.class) {
            assertThat(schema.path("type").asText()).as("type of %s", where).isEqualTo("integer");
            Min min = find(annotations, Min.class);
            Max max = find(annotations, Max.class);
            if (min != null) {
                assertThat(schema.path("minimum").asLong()).as("minimum of %s", where).isEqualTo(min.value());
            }
            if (max != null) {
                assertThat(schema.path("maximum").asLong()).as("maximum of %s", where).isEqualTo(max.value());
            }
        } else if (raw == Double.class || raw == double.class) {
            assertThat(schema.path("type").asText()).as("type of %s", where).isEqualTo("number");
            DecimalMin min = find(annotations, DecimalMin.class);
            DecimalMax max = find(annotations, DecimalMax.class);
            if (min != null) {
                assertThat(schema.path("minimum").decimalValue()).as("minimum of %s", where)
                        .isEqualByComparingTo(new BigDecimal(min.value()));
            }
            if (max != null) {
                assertThat(schema.path("maximum").decimalValue()).as("maximum of %s", where)
                        .isEqualByComparingTo(new BigDecimal(max.value()));
            }
        } else if (raw.isEnum()) {
            assertThat(schema.path("type").asText()).as("type of %s", where).isEqualTo("string");
            List<String> documented = new ArrayList<>();
            schema.path("enum").forEach(v -> documented.add(v.asText()));
            assertThat(documented).as("values of %s", where).containsExactlyInAnyOrderElementsOf(wireNames(raw));
        } else if (raw.isRecord()) {
            assertRecord(document, raw, schema, where);
        } else if (List.class.isAssignableFrom(raw)) {
            assertThat(schema.path("type").asText()).as("type of %s", where).isEqualTo("array");
            if (size != null) {
                assertThat(schema.path("maxItems").asInt(-1)).as("maxItems of %s", where).isEqualTo(size.max());
                if (size.min() > 0) {
                    assertThat(schema.path("minItems").asInt(-1)).as("minItems of %s", where).isEqualTo(size.min());
                }
            }
            AnnotatedType element = ((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments()[0];
            assertValue(document, List.of(element.getAnnotations()), element, schema.path("items"), where + "[]");
        } else {
            fail("the test does not know how to compare %s (%s); teach it", where, raw);
        }
    }

    private static List<String> wireNames(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(constant -> {
            try {
                JsonProperty property = enumType.getField(((Enum<?>) constant).name()).getAnnotation(JsonProperty.class);
                return property != null ? property.value() : ((Enum<?>) constant).name();
            } catch (NoSuchFieldException e) {
                throw new AssertionError(e);
            }
        }).collect(Collectors.toList());
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new AssertionError("unexpected type " + type);
    }

    private static boolean has(List<Annotation> annotations, Class<? extends Annotation> type) {
        return find(annotations, type) != null;
    }

    private static <A extends Annotation> A find(List<Annotation> annotations, Class<A> type) {
        return annotations.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }
}
