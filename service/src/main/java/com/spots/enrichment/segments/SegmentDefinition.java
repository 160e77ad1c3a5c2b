package com.spots.enrichment.segments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The matching criteria of a segment in canonical form (SPEC §6): absent and empty criteria are the same, lists are
 * sorted and de-duplicated. Two requests that match the same agents have the same {@link #hash()}; the segment_id is
 * a name, not part of the definition.
 */
public record SegmentDefinition(String region, Integer ageMin, Integer ageMax, List<String> interests,
                                List<String> categories) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static SegmentDefinition of(UserSegment segment) {
        Demographics demographics = segment.demographics();
        List<Integer> ages = demographics == null ? null : demographics.ageRange();
        return new SegmentDefinition(segment.geographicRegion(),
                ages == null ? null : ages.get(0),
                ages == null ? null : ages.get(1),
                canonical(demographics == null ? null : demographics.interests()),
                canonical(segment.categoryPreferences()));
    }

    private static List<String> canonical(List<String> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).distinct().sorted().toList();
    }

    public String[] interestsArray() {
        return interests.toArray(String[]::new);
    }

    public String[] categoriesArray() {
        return categories.toArray(String[]::new);
    }

    /** The canonical JSON stored in market_segments.definition. */
    public String json() {
        ObjectNode node = JSON.createObjectNode();
        node.put("geographic_region", region);
        node.put("age_min", ageMin);
        node.put("age_max", ageMax);
        var interestArray = node.putArray("interests");
        interests.forEach(interestArray::add);
        var categoryArray = node.putArray("category_preferences");
        categories.forEach(categoryArray::add);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 hex of the canonical JSON. */
    public String hash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
