package com.spots.enrichment.segments;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A partner's definition of a market segment (SPEC §4); every criterion given must hold for an agent. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserSegment(
        @NotNull(message = "is required")
        @Pattern(regexp = "[A-Za-z0-9_.-]{1,128}", message = "must be 1-128 characters of A-Z, a-z, 0-9, '_', '.' or '-'")
        String segmentId,

        @Pattern(regexp = "[a-z0-9]+(_[a-z0-9]+)*", message = "must be a lower_snake region slug such as san_francisco")
        @Size(max = 64)
        String geographicRegion,

        @Size(max = 50)
        List<@NotBlank @Size(max = 64) String> categoryPreferences,

        @Valid
        Demographics demographics) {
}
