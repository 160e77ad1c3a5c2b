package com.spots.enrichment.segments;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Demographic criteria of a segment: an inclusive age range and interests to overlap. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Demographics(
        @Size(min = 2, max = 2, message = "must be [min, max]")
        @OrderedRange
        List<@NotNull @Min(13) @Max(120) Integer> ageRange,

        @Size(max = 50)
        List<@NotBlank @Size(max = 64) String> interests) {
}
