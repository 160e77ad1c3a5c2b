package com.spots.enrichment.insights;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading numbers out of an aggregate function's JSON: absent and null are the same (no data). */
public final class Aggregates {

    private Aggregates() {
    }

    public static Double number(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asDouble();
    }

    public static long count(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? 0 : value.asLong();
    }
}
