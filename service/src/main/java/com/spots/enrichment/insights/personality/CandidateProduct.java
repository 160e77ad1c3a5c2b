package com.spots.enrichment.insights.personality;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.spots.enrichment.insights.PriceTier;
import com.spots.enrichment.insights.ProductAttributes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** One of the partner's products to be ranked for the segment: an id plus a product state. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CandidateProduct(
        @NotBlank(message = "is required") @Size(max = 128) String productId,
        @NotBlank(message = "is required") @Size(max = 64) String category,
        @Size(max = 64) String style,
        PriceTier price,
        @Size(max = 50) List<@NotBlank @Size(max = 64) String> features,
        @Valid ProductAttributes attributes) {
}
