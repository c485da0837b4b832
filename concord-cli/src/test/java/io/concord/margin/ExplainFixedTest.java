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

    /**
     * The rounding done in doubles near where it is decided: values a few ulps either side of a half unit (where the
     * double's decimal text and its binary value can round apart), and values of every magnitude up to 10^14, to
     * 0–6 decimals; each against {@code BigDecimal.valueOf(v).setScale(n, HALF_UP)}, which is what the formatter
     * rounds (checked on a sample).
     */
    @Test
    void roundsAsTheDecimalTextDoesNearHalfUnitsAndAtEveryMagnitude() {
        Random random = new Random(20261207);
        int checked = 0;
        for (int decimals = 0; decimals <= 6; decimals++) {
            double scale = Math.pow(10, decimals);
            for (int i = 0; i < 60_000; i++) {
                double magnitude = Math.pow(10, random.nextInt(15 - decimals));
                double half = (Math.floor(random.nextDouble() * magnitude) + 0.5) / scale;
                double v = half;
                int steps = random.nextInt(7) - 3;
                for (int s = 0; s < Math.abs(steps); s++) {
                    v = steps > 0 ? Math.nextUp(v) : Math.nextDown(v);
                }
                double any = random.nextDouble() * Math.pow(10, random.nextInt(15 - decimals) - 3);
                for (double x : new double[]{v, -v, any, -any}) {
                    assertThat(Explain.fixed(x, decimals)).as("%s to %d decimals", x, decimals)
                            .isEqualTo(reference(x, decimals));
                    if (decimals == 2) {
                        BigDecimal cents = BigDecimal.valueOf(x).setScale(2, RoundingMode.HALF_UP);
                        assertThat(Explain.usd(x)).as("usd(%s)", x)
                                .isEqualTo(cents.signum() == 0 ? BigDecimal.ZERO.setScale(2) : cents);
                    }
                    if (i % 100 == 0) {
                        assertThat(reference(x, decimals)).isEqualTo(String.format(Locale.ROOT, "%." + decimals
                                + "f", x));
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(7 * 60_000 * 4);
    }

    /** {@code value} rounded half-up to {@code decimals} from its decimal text, {@code -} kept on a negative zero. */
    private static String reference(double value, int decimals) {
        BigDecimal d = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
        return (d.signum() == 0 && (value < 0 || 1 / value < 0) ? "-" : "") + d.toPlainString();
    }
}
