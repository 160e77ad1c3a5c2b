package com.spots.enrichment.insights.behavior;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.spots.enrichment.insights.PriceTier;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The partner's product the behaviour insights are read against. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProductContext(
        @NotBlank(message = "is required") @Size(max = 64) String category,
        @Size(max = 64) String subcategory,
        PriceTier priceRange) {
}
