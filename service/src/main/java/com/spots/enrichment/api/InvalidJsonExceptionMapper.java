package com.spots.enrichment.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Malformed JSON and JSON of the wrong shape become 400 INVALID_REQUEST naming the field and what was
 * expected. Messages are composed here, never copied from Jackson, so no Java type name leaks out.
 */
public class InvalidJsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    private static final int MAX_REASON = 160;

    private final Envelopes envelopes;

    @Context
    private HttpServletRequest request;

    public InvalidJsonExceptionMapper(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @Override
    public Response toResponse(JsonProcessingException e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ApiException api) {
                return envelopes.error(RequestContext.of(request), api);
            }
        }
        FieldError problem = describe(e);
        String message = problem.field().isEmpty()
                ? "The request body is not valid JSON: " + problem.message() + "."
                : "Field '" + problem.field() + "' " + problem.message() + ".";
        String field = problem.field().isEmpty() ? "body" : problem.field();
        return envelopes.error(RequestContext.of(request), ErrorCode.INVALID_REQUEST, message,
                Map.of("fields", List.of(new FieldError(field, problem.message()))));
    }

    static FieldError describe(JsonProcessingException e) {
        // Broken syntax is a problem of the body, even when found while reading a field deep inside it.
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof StreamReadException syntax && !(t instanceof InputCoercionException)
                    && !(t instanceof StreamConstraintsException) && t != e) {
                return describe(syntax);
            }
            if (t instanceof JsonEOFException) {
                return new FieldError("", "the body ends before the JSON document is complete");
            }
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> known = unknown.getKnownPropertyIds();
            String allowed = known == null ? "" : known.stream().map(Objects::toString).sorted()
                    .collect(Collectors.joining(", "));
            return new FieldError(path(unknown), "is not a known field" + (allowed.isEmpty() ? "" : "; allowed here: " + allowed));
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return new FieldError(path(invalid), "must be one of " + enumValues(invalid.getTargetType()));
        }
        if (e instanceof ValueInstantiationException instantiation) {
            return new FieldError(path(instantiation), "has an invalid value");
        }
        if (e instanceof MismatchedInputException mismatch) {
            return new FieldError(path(mismatch), "must be " + expected(mismatch.getTargetType()));
        }
        if (e instanceof JsonMappingException mapping) {
            return new FieldError(path(mapping), "has an invalid value");
        }
        if (e instanceof InputCoercionException coercion) {
            return new FieldError(parserPath(coercion.getProcessor()), "is a number out of the allowed range");
        }
        if (e instanceof StreamConstraintsException) {
            return new FieldError("", "it exceeds the parser's limits (nesting depth, number or string length)");
        }
        String reason = e.getOriginalMessage() == null ? "unreadable input" : e.getOriginalMessage();
        reason = reason.replaceAll("\\s+", " ");
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "…";
        }
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return new FieldError("", reason + where);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String parserPath(Object processor) {
        if (!(processor instanceof JsonParser parser)) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext ctx = parser.getParsingContext(); ctx != null && !ctx.inRoot(); ctx = ctx.getParent()) {
            if (ctx.inObject() && ctx.getCurrentName() != null) {
                parts.add(0, "." + ctx.getCurrentName());
            } else if (ctx.inArray()) {
                parts.add(0, "[" + Math.max(ctx.getCurrentIndex(), 0) + "]");
            }
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static String enumValues(Class<?> type) {
        return Arrays.stream(type.getFields())
                .filter(java.lang.reflect.Field::isEnumConstant)
                .map(f -> {
                    com.fasterxml.jackson.annotation.JsonProperty json =
                            f.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                    return json != null ? json.value() : f.getName();
                })
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of a different JSON type";
        }
        if (type == String.class || type.isEnum()) {
            return type.isEnum() ? "one of " + enumValues(type) : "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
