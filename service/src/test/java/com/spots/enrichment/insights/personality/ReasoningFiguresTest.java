package com.spots.enrichment.insights.personality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The figures in a candidate's {@code reasoning} read as {@code %.2f} would write them. */
class ReasoningFiguresTest {

    @Test
    void aScoreIsWrittenWithTwoDecimalsExactlyAsFormatWritesIt() {
        SplittableRandom random = new SplittableRandom(7);
        double[] edges = {0, 1, 0.005, 0.015, 0.125, 0.145, 0.995, 0.9949999999999999, 1e-9, 0.5, 0.30000000000000004};
        for (double value : edges) {
            assertThat(QuantumPersonalityInsights.twoDecimals(value)).as("%s", value)
                    .isEqualTo(String.format(Locale.ROOT, "%.2f", value));
        }
        for (int i = 0; i < 200_000; i++) {
            double value = i % 2 == 0 ? random.nextDouble() : Math.round(random.nextDouble() * 1000) / 1000.0;
            assertThat(QuantumPersonalityInsights.twoDecimals(value)).as("%s", value)
                    .isEqualTo(String.format(Locale.ROOT, "%.2f", value));
        }
    }
}
