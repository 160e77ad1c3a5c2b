package com.spots.enrichment.insights.personality;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.spots.enrichment.insights.PriceTier;
import com.spots.enrichment.insights.ProductAttributes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The product whose compatibility with the segment is asked for. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProductQuantumState(
        @NotBlank(message = "is required") @Size(max = 64) String category,
        @Size(max = 64) String style,
        PriceTier price,
        @Size(max = 50) List<@NotBlank @Size(max = 64) String> features,
        @Valid ProductAttributes attributes) {
}
