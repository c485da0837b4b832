package io.concord.margin.simm;

import io.concord.model.SegregationClass;
import io.concord.model.Sensitivity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Known answers of SIMM v2.5, in the style of ISDA's SIMM unit tests: one or two CRIF rows, USD calculation
 * currency. Source of every expected value: issue #6 acceptance list ("Known-answer tests in the style of ISDA's
 * SIMM unit tests"), which quotes them from the ISDA SIMM v2.5 unit tests. Agreement is required to the dollar.
 */
class SimmKnownAnswerTest {

    static final Path CALIBRATION = Path.of("mappings/simm/simm-2.5.yaml");

    static SimmEngine engine(Horizon h) throws IOException {
        return SimmEngine.load(CALIBRATION, h);
    }

    static Sensitivity row(String pc, String riskType, String qualifier, String bucket, String label1, String label2,
                           String amountUsd) {
        return new Sensitivity(null, null, SegregationClass.UNCLEARED_IM_SEG, null, null, pc, riskType, qualifier,
                bucket, label1, label2, new BigDecimal(amountUsd), "USD", new BigDecimal(amountUsd), null, null, null);
    }

    static double simm(Horizon h, Sensitivity... rows) throws IOException {
        return engine(h).compute(List.of(rows)).total();
    }

    @Test
    void irUsd2wOis() throws IOException {
        // issue #6: IR USD 2w OIS, amount 4,000,000 -> 460,000,000 (10-day); 76,000,000 (1-day)
        Sensitivity s = row("RatesFX", "Risk_IRCurve", "USD", "1", "2w", "OIS", "4000000");
        assertThat(simm(Horizon.TEN_DAY, s)).isCloseTo(460_000_000.0, within(0.5));
        assertThat(simm(Horizon.ONE_DAY, s)).isCloseTo(76_000_000.0, within(0.5));
    }

    @Test
    void irChfInflation() throws IOException {
        // issue #6: IR CHF inflation, -10,000,000 -> 630,000,000
        assertThat(simm(Horizon.TEN_DAY, row("RatesFX", "Risk_Inflation", "CHF", "", "", "", "-10000000")))
                .isCloseTo(630_000_000.0, within(0.5));
    }

    @Test
    void irEurTwoSubCurves() throws IOException {
        // issue #6: IR EUR 3y Libor3m -2,000,000 with EUR 3y Libor6m +5,000,000 -> 169,856,410
        assertThat(simm(Horizon.TEN_DAY,
                row("RatesFX", "Risk_IRCurve", "EUR", "1", "3y", "Libor3m", "-2000000"),
                row("RatesFX", "Risk_IRCurve", "EUR", "1", "3y", "Libor6m", "5000000")))
                .isCloseTo(169_856_410.0, within(0.5));
    }

    @Test
    void fxGbpEur() throws IOException {
        // issue #6: FX GBP +910,000,000 with FX EUR -900,000,000 -> 6,697,306,623
        assertThat(simm(Horizon.TEN_DAY,
                row("RatesFX", "Risk_FX", "GBP", "", "", "", "910000000"),
                row("RatesFX", "Risk_FX", "EUR", "", "", "", "-900000000")))
                .isCloseTo(6_697_306_623.0, within(0.5));
    }

    @Test
    void equityBucket1() throws IOException {
        // issue #6: Equity bucket 1, 6,000,000 -> 156,000,000 (10-day); 55,800,000 (1-day)
        Sensitivity s = row("Equity", "Risk_Equity", "ISIN:XS0000000001", "1", "", "", "6000000");
        assertThat(simm(Horizon.TEN_DAY, s)).isCloseTo(156_000_000.0, within(0.5));
        assertThat(simm(Horizon.ONE_DAY, s)).isCloseTo(55_800_000.0, within(0.5));
    }

    @Test
    void equityTwoNamesInBucket1() throws IOException {
        // issue #6: two bucket-1 names, 6,000,000 and 1,000,000 -> 162,702,674
        assertThat(simm(Horizon.TEN_DAY,
                row("Equity", "Risk_Equity", "ISIN:XS0000000001", "1", "", "", "6000000"),
                row("Equity", "Risk_Equity", "ISIN:XS0000000002", "1", "", "", "1000000")))
                .isCloseTo(162_702_674.0, within(0.5));
    }

    @Test
    void commodityCoalAmericas() throws IOException {
        // issue #6: Commodity bucket 1 (coal, Americas), 150,000,000 -> 4,050,000,000
        assertThat(simm(Horizon.TEN_DAY, row("Commodity", "Risk_Commodity", "Coal Americas", "1", "", "", "150000000")))
                .isCloseTo(4_050_000_000.0, within(0.5));
    }
}
