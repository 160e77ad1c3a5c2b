package com.spots.enrichment.insights;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

/** A product's position on the attributes that map to personality dimensions, each 0.0-1.0. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProductAttributes(
        @DecimalMin("0.0") @DecimalMax("1.0") Double energyLevel,
        @DecimalMin("0.0") @DecimalMax("1.0") Double novelty,
        @DecimalMin("0.0") @DecimalMax("1.0") Double communityOriented) {
}
