package com.spots.enrichment.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Bean Validation failures become 400 INVALID_REQUEST listing every field path (JSON names) and why. */
public class ConstraintViolationExceptionMapper implements ExceptionMapper<ConstraintViolationException> {

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private final Envelopes envelopes;

    @Context
    private HttpServletRequest request;

    public ConstraintViolationExceptionMapper(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<FieldError> fields = e.getConstraintViolations().stream()
                .map(v -> new FieldError(jsonPath(v), v.getMessage()))
                .distinct()
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        String summary = fields.size() == 1
                ? "Field '" + fields.get(0).field() + "' " + fields.get(0).message() + "."
                : fields.size() + " fields are invalid; see error.details.fields.";
        return envelopes.error(RequestContext.of(request), ErrorCode.INVALID_REQUEST, summary,
                Map.of("fields", fields));
    }

    /** The JSON path of a violation: resource method and parameter nodes dropped, names in snake_case. */
    static String jsonPath(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.PARAMETER || kind == ElementKind.CONSTRUCTOR
                    || kind == ElementKind.RETURN_VALUE || kind == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (node.isInIterable()) {
                Object index = node.getIndex() != null ? node.getIndex() : node.getKey();
                if (index != null) {
                    path.append('[').append(index).append(']');
                }
            }
            if (kind == ElementKind.PROPERTY && node.getName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(SNAKE.translate(node.getName()));
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }
}
