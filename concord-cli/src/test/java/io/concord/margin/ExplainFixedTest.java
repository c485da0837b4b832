package io.concord.margin;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Explain#fixed} writes what {@code String.format(Locale.ROOT, "%.Nf")} writes, and {@link Explain#usd} rounds
 * as {@code BigDecimal} half-up to cents does, for the values explains hold: whole cents (their fast path), and
 * values with more decimals (the decimal expansion).
 */
class ExplainFixedTest {

    @Test
    void agreesWithTheFormatterOnPricesAmountsAndRoundingEdges() {
        Random random = new Random(20261125);
        double[] edges = {0, -0.0, 0.15, 0.25, 1.005, -1.005, -0.001, -0.004, 0.125, 2.675, 5699.5, -268.4, 1e12 + 0.5,
                22500, 0.30, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 4.35, 46.89, 1e-9};
        for (int decimals = 0; decimals <= 4; decimals++) {
            for (double v : edges) {
                assertThat(Explain.fixed(v, decimals)).as("%s to %d decimals", v, decimals)
                        .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", v));
            }
            for (int i = 0; i < 20_000; i++) {
                // prices in cents and ticks, scan losses, deltas and years to expiry
                double v = switch (i % 4) {
                    case 0 -> random.nextInt(10_000_000) / 100.0;
                    case 1 -> (random.nextDouble() - 0.5) * 2_000_000;
                    case 2 -> random.nextDouble() * 2 - 1;
                    default -> random.nextInt(400_000) / 4.0 / 100.0;
                };
                assertThat(Explain.fixed(v, decimals)).as("%s to %d decimals", v, decimals)
                        .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", v));
                if (decimals == 2) {
                    BigDecimal cents = BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
                    assertThat(Explain.usd(v)).as("usd(%s)", v)
                            .isEqualTo(cents.signum() == 0 ? BigDecimal.ZERO.setScale(2) : cents);
                }
            }
        }
    }
}
