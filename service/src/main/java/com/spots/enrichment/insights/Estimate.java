package com.spots.enrichment.insights;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A measured value: {@code value}, optionally its {@code unit} and {@code interpretation}, the {@code confidence}
 * (0-1) derived from the sample size and dispersion behind it, and {@code ci95} ([low, high]) for means and rates.
 * Formulas: docs/insights.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"value", "unit", "interpretation", "confidence", "ci95"})
public record Estimate(double value, String unit, String interpretation, double confidence, List<Double> ci95) {

    public Estimate withInterpretation(String text) {
        return new Estimate(value, unit, text, confidence, ci95);
    }

    public Estimate withUnit(String text) {
        return new Estimate(value, text, interpretation, confidence, ci95);
    }
}
