package io.concord.margin;

import io.concord.model.PutCall;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;
import java.util.Random;

import static io.concord.margin.Fixtures.position;
import static io.concord.margin.Fixtures.product;
import static io.concord.margin.Fixtures.stock;
import static io.concord.margin.Fixtures.stockOption;
import static org.assertj.core.api.Assertions.assertThat;

/** How explain trees name positions and write numbers ({@link Positions#describe}, {@link Positions#fmt}). */
class PositionsTest {

    /** The definition {@link Positions#fmt} keeps: a whole number below 1e15 without {@code .0}. */
    private static String byRint(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Test
    void fmtWritesWholeNumbersWithoutTheirFraction() {
        double[] edges = {0, -0.0, 1, -1, 0.5, -0.5, 100, 2.5e-7, 1e15 - 1, 1e15, -1e15, 1e15 + 2, 9.007199254740993e15,
                1e300, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 268.4, 6848.5, 112.515625};
        for (double v : edges) {
            assertThat(Positions.fmt(v)).as("%s", v).isEqualTo(byRint(v));
        }
        Random random = new Random(20261206);
        for (int i = 0; i < 100_000; i++) {
            double v = switch (i % 3) {
                case 0 -> random.nextInt(2_000_000) - 1_000_000;
                case 1 -> random.nextInt(1_000_000) / 4.0;
                default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(20));
            };
            assertThat(Positions.fmt(v)).as("%s", v).isEqualTo(byRint(v));
        }
    }

    @Test
    void describeNamesSideQuantityInstrumentAndWhereTheReportSaidIt() {
        assertThat(Positions.describe(stock("XYZ", -300, 52)))
                .isEqualTo("short 300 XYZ (test-positions line 2)");
        assertThat(Positions.describe(stockOption("XYZ", PutCall.PUT, 47.50, LocalDate.of(2027, 1, 15), 2, 1.5)))
                .isEqualTo("long 2 XYZ 2027-01-15 47.5 PUT (test-positions line 2)");
        assertThat(Positions.describe(position(product("EQUITY/INDEX_HIGH_CAP/FUTURE", "ES", "202612", "EQ:SPX", 50,
                "CME:ES", LocalDate.of(2026, 12, 18), null, null, Map.of()), 12.50, 6852.25)))
                .isEqualTo("long 12.5 ES 202612 (test-positions line 2)");
        // an option on a future names its contract month, not its expiry
        assertThat(Positions.describe(position(product("EQUITY/INDEX_HIGH_CAP/OPTION_ON_FUTURE", "ES", "202612",
                "EQ:SPX", 50, "CME:ES", LocalDate.of(2026, 12, 18), 6850.0, PutCall.CALL, Map.of()), -3, 95.0)))
                .isEqualTo("short 3 ES 202612 6850 CALL (test-positions line 2)");
    }
}
