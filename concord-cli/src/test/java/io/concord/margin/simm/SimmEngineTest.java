package io.concord.margin.simm;

import io.concord.model.Lineage;
import io.concord.model.SegregationClass;
import io.concord.model.Sensitivity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

import static io.concord.margin.simm.SimmKnownAnswerTest.engine;
import static io.concord.margin.simm.SimmKnownAnswerTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Behaviour of the SIMM aggregation rules (ISDA SIMM Methodology v2.5): expected values are computed here from
 * the methodology's formulas with the calibration's own parameters, so these tests check the rules, and the
 * known-answer test checks the numbers.
 */
class SimmEngineTest {

    static Sensitivity withRegs(Sensitivity s, String collect, String post) {
        return new Sensitivity(s.firmLei(), s.account(), s.segregationClass(), s.tradeId(), s.imModel(),
                s.productClass(), s.riskType(), s.qualifier(), s.bucket(), s.label1(), s.label2(), s.amount(),
                s.amountCurrency(), s.amountUsd(), post, collect, s.lineage());
    }

    static Sensitivity param(String riskType, String qualifier, String amount, String amountUsd) {
        return new Sensitivity(null, null, SegregationClass.UNCLEARED_IM_SEG, null, null, null, riskType, qualifier,
                null, null, null, new BigDecimal(amount), null, amountUsd == null ? null : new BigDecimal(amountUsd),
                null, null, null);
    }

    @Test
    void concentrationScalesWeightedSensitivityAboveTheThreshold() throws IOException {
        SimmEngine e = engine(Horizon.TEN_DAY);
        double t = e.parameters().ir().deltaThreshold().get("wellTraded");
        double s = 2 * t; // twice the USD threshold: CR = sqrt(2)
        SimmResult r = e.compute(List.of(row("RatesFX", "Risk_IRCurve", "USD", "1", "2w", "OIS",
                BigDecimal.valueOf(s).toPlainString())));
        assertThat(r.total()).isCloseTo(115 * s * Math.sqrt(2), within(1e-3));
    }

    @Test
    void theOneDayCalibrationAppliesNoConcentration() throws IOException {
        // SIMM v2.5 1-day (as implemented in the Open Source Risk Engine): concentration risk disabled, CR = 1
        SimmEngine e = engine(Horizon.ONE_DAY);
        assertThat(e.parameters().concentrationApplies()).isFalse();
        double s = 2 * e.parameters().ir().deltaThreshold().get("wellTraded"); // twice the 10-day USD threshold
        SimmResult r = e.compute(List.of(row("RatesFX", "Risk_IRCurve", "USD", "1", "2w", "OIS",
                BigDecimal.valueOf(s).toPlainString())));
        assertThat(r.total()).isCloseTo(19 * s, within(1e-3));
    }

    @Test
    void residualBucketAddsLinearly() throws IOException {
        SimmEngine e = engine(Horizon.TEN_DAY);
        double rwRes = e.parameters().equity().riskWeight().get("Residual");
        SimmResult r = e.compute(List.of(
                row("Equity", "Risk_Equity", "ISIN:A", "1", "", "", "1000000"),
                row("Equity", "Risk_Equity", "ISIN:B", "Residual", "", "", "-100000")));
        assertThat(r.portfolio().productClasses().get("Equity").riskClasses().get(RiskClass.Equity).delta())
                .isCloseTo(26 * 1e6 + rwRes * 1e5, within(1e-6));
    }

    @Test
    void interBucketCorrelationWithClampedSums() throws IOException {
        SimmEngine e = engine(Horizon.TEN_DAY);
        double g = e.parameters().equity().acrossBuckets()[0][4];
        double rw5 = e.parameters().equity().riskWeight().get("5");
        SimmResult r = e.compute(List.of(
                row("Equity", "Risk_Equity", "ISIN:A", "1", "", "", "1000000"),
                row("Equity", "Risk_Equity", "ISIN:B", "5", "", "", "2000000")));
        double k1 = 26e6;
        double k5 = rw5 * 2e6;
        assertThat(r.total()).isCloseTo(Math.sqrt(k1 * k1 + k5 * k5 + 2 * g * k1 * k5), within(1e-6));
    }

    @Test
    void interestRateAcrossCurrencies() throws IOException {
        SimmEngine e = engine(Horizon.TEN_DAY);
        double gamma = e.parameters().ir().gamma();
        SimmResult r = e.compute(List.of(
                row("RatesFX", "Risk_IRCurve", "USD", "1", "2w", "OIS", "4000000"),
                row("RatesFX", "Risk_IRCurve", "EUR", "1", "2w", "OIS", "-1000000")));
        double a = 460e6;
        double b = -115e6;
        assertThat(r.total()).isCloseTo(Math.sqrt(a * a + b * b + 2 * gamma * a * b), within(1e-6));
    }

    @Test
    void riskClassesAggregateWithPsiAndProductClassesAdd() throws IOException {
        SimmEngine e = engine(Horizon.TEN_DAY);
        double psi = e.parameters().psi()[RiskClass.InterestRate.ordinal()][RiskClass.Equity.ordinal()];
        SimmResult r = e.compute(List.of(
                row("Equity", "Risk_IRCurve", "USD", "1", "2w", "OIS", "4000000"),
                row("Equity", "Risk_Equity", "ISIN:A", "1", "", "", "6000000"),
                row("Commodity", "Risk_Commodity", "Coal Americas", "1", "", "", "150000000")));
        double eq = Math.sqrt(460e6 * 460e6 + 156e6 * 156e6 + 2 * psi * 460e6 * 156e6);
        assertThat(r.portfolio().productClasses().get("Equity").margin()).isCloseTo(eq, within(1e-6));
        assertThat(r.total()).isCloseTo(eq + 4.05e9, within(1e-6));
        assertThat(r.portfolio().riskClasses().get(RiskClass.InterestRate).delta()).isCloseTo(460e6, within(1e-6));
    }

    @Test
    void curvatureOfOneVegaUsesLambdaAndIsNilWhenShort() throws IOException {
        // SIMM v2.5: equity vega risk VR = HVR · σ · vega and curvature CVR = SF(t) · σ · vega, with
        // σ = RW · sqrt(365/14) / Φ⁻¹(99%) (RW the delta risk weight, 26 for bucket 1); curvature margin
        // max(Σ CVR + λ K, 0), λ = (Φ⁻¹(99.5%)² − 1)(1 + θ) − θ, θ = min(Σ CVR / Σ |CVR|, 0)
        SimmEngine e = engine(Horizon.TEN_DAY);
        double z = Normal.inverse(0.995);
        double lambda = z * z - 1; // theta = 0 for one positive CVR
        double sigma = 26 * Math.sqrt(365 / 14.0) / Normal.inverse(0.99);
        double sf = 0.5 * 14 / 365.0; // 1y expiry
        SimmResult longVega = e.compute(List.of(row("Equity", "Risk_EquityVol", "ISIN:A", "1", "1y", "", "100000")));
        SimmResult.Measures m = longVega.portfolio().productClasses().get("Equity").riskClasses().get(RiskClass.Equity);
        assertThat(m.curvature()).isCloseTo(sf * sigma * 100000 * (1 + lambda), within(1e-6));
        assertThat(m.vega()).isCloseTo(0.45 * 0.58 * sigma * 100000, within(1e-6));
        SimmResult shortVega = e.compute(List.of(row("Equity", "Risk_EquityVol", "ISIN:A", "1", "1y", "", "-100000")));
        assertThat(shortVega.portfolio().productClasses().get("Equity").riskClasses().get(RiskClass.Equity)
                .curvature()).isZero();
    }

    @Test
    void addOnsMultiplierFixedAmountAndNotionalFactor() throws IOException {
        SimmResult r = engine(Horizon.TEN_DAY).compute(List.of(
                row("Equity", "Risk_Equity", "ISIN:A", "1", "", "", "6000000"),
                param("Param_ProductClassMultiplier", "Equity", "1.5", null),
                param("Param_AddOnFixedAmount", null, "1000000", "1000000"),
                param("Param_AddOnNotionalFactor", "Exotic-1", "2", null),
                param("Notional", "Exotic-1", "5000000", "5000000")));
        assertThat(r.portfolio().simm()).isCloseTo(156e6, within(1e-6));
        assertThat(r.portfolio().addOn().productClassMultiplier()).isCloseTo(0.5 * 156e6, within(1e-6));
        assertThat(r.portfolio().addOn().fixedAmount()).isEqualTo(1e6);
        assertThat(r.portfolio().addOn().notionalFactor()).isCloseTo(0.02 * 5e6, within(1e-9));
        assertThat(r.total()).isCloseTo(1.5 * 156e6 + 1e6 + 1e5, within(1e-6));
    }

    @Test
    void conflictingMultipliersAreAnError() throws IOException {
        SimmEngine e = engine(Horizon.TEN_DAY);
        assertThatThrownBy(() -> e.compute(List.of(row("Equity", "Risk_Equity", "ISIN:A", "1", "", "", "6000000"),
                param("Param_ProductClassMultiplier", "Equity", "1.5", null),
                param("Param_ProductClassMultiplier", "Equity", "2", null))))
                .isInstanceOf(SimmInputException.class).hasMessageContaining("Equity");
    }

    @Test
    void perRegulationAndWorstOfEachSide() throws IOException {
        SimmEngine e = engine(Horizon.TEN_DAY);
        Sensitivity a = withRegs(row("Equity", "Risk_Equity", "ISIN:A", "1", "", "", "6000000"), "CFTC", "CFTC");
        Sensitivity b = withRegs(row("Equity", "Risk_Equity", "ISIN:B", "1", "", "", "1000000"), "SEC,CFTC", "SEC");
        Sensitivity fixed = param("Param_AddOnFixedAmount", null, "10", "10");
        SimmResult r = e.compute(List.of(a, b, fixed));
        assertThat(r.total()).isCloseTo(162_702_674 + 10, within(1.0)); // known answer plus the fixed add-on
        assertThat(r.regulations().collect().byRegulation()).containsOnlyKeys("CFTC", "SEC");
        assertThat(r.regulations().collect().byRegulation().get("CFTC")).isCloseTo(162_702_674 + 10, within(1.0));
        assertThat(r.regulations().collect().byRegulation().get("SEC")).isCloseTo(26e6 + 10, within(1e-6));
        assertThat(r.regulations().collect().worst()).isEqualTo("CFTC");
        assertThat(r.regulations().post().byRegulation().get("CFTC")).isCloseTo(156e6 + 10, within(1e-6));
        assertThat(r.regulations().post().byRegulation().get("SEC")).isCloseTo(26e6 + 10, within(1e-6));
        assertThat(r.regulations().post().worstTotal()).isCloseTo(156e6 + 10, within(1e-6));
    }

    @Test
    void addOnInputsApplyUnderTheRegulationsTheyNameOrEveryOne() throws IOException {
        // ISDA's regulatory convention (CRIF PostRegulations / CollectRegulations): each regulation's SIMM is
        // that of the rows subject to it; the add-on rows count under the regulations they name, and rows naming
        // none (a portfolio-wide parameter, the notional of an exotic) under every one
        SimmEngine e = engine(Horizon.TEN_DAY);
        Sensitivity a = withRegs(row("Equity", "Risk_Equity", "ISIN:A", "1", "", "", "6000000"), "SEC,CFTC", "SEC");
        Sensitivity secOnly = withRegs(param("Param_AddOnFixedAmount", null, "1000", "1000"), "SEC", null);
        Sensitivity factor = param("Param_AddOnNotionalFactor", "Exotic-1", "2", null);
        Sensitivity notional = param("Notional", "Exotic-1", "5000000", "5000000");
        SimmResult r = e.compute(List.of(a, secOnly, factor, notional));
        assertThat(r.regulations().collect().byRegulation().get("SEC")).isCloseTo(156e6 + 1000 + 1e5, within(1e-6));
        assertThat(r.regulations().collect().byRegulation().get("CFTC")).isCloseTo(156e6 + 1e5, within(1e-6));
        assertThat(r.regulations().collect().worst()).isEqualTo("SEC");
        assertThat(r.regulations().collect().unregulated()).isZero();
        // the post side names SEC only; the SEC-only fixed amount names no post regulation: it counts there too
        assertThat(r.regulations().post().byRegulation()).containsOnlyKeys("SEC");
        assertThat(r.regulations().post().byRegulation().get("SEC")).isCloseTo(156e6 + 1000 + 1e5, within(1e-6));
    }

    @Test
    void regulationListsAsWritersSpellThem() {
        assertThat(SimmEngine.regulations("SEC,CFTC")).containsExactly("SEC", "CFTC");
        assertThat(SimmEngine.regulations("[sec, CFTC]")).containsExactly("SEC", "CFTC");
        assertThat(SimmEngine.regulations("[\"SEC\",\"CFTC\"]")).containsExactly("SEC", "CFTC");
        assertThat(SimmEngine.regulations(" ")).isEmpty();
    }

    @Test
    void postSideNegatesSensitivities() throws IOException {
        // a long vega has curvature margin to collect; the counterparty's short vega has none
        Sensitivity v = withRegs(row("Equity", "Risk_EquityVol", "ISIN:A", "1", "1y", "", "100000"), "SEC", "SEC");
        SimmResult r = engine(Horizon.TEN_DAY).compute(List.of(v));
        double vega = r.portfolio().riskClasses().get(RiskClass.Equity).vega();
        assertThat(r.regulations().collect().byRegulation().get("SEC")).isEqualTo(r.total());
        assertThat(r.regulations().post().byRegulation().get("SEC")).isCloseTo(vega, within(1e-9));
        assertThat(r.total()).isGreaterThan(vega);
    }

    @Test
    void scheduleRowsAreExcludedAndCounted() throws IOException {
        Sensitivity schedule = new Sensitivity(null, null, SegregationClass.UNCLEARED_IM_SEG, "T1", "Schedule", "FX",
                "Notional", "T1", null, null, null, BigDecimal.TEN, "USD", BigDecimal.TEN, null, null, null);
        SimmResult r = engine(Horizon.TEN_DAY).compute(List.of(schedule,
                row("Equity", "Risk_Equity", "ISIN:A", "1", "", "", "6000000")));
        assertThat(r.excluded()).isEqualTo(1);
        assertThat(r.sensitivities()).isEqualTo(1);
        assertThat(r.total()).isCloseTo(156e6, within(1e-6));
    }

    @Test
    void fxAgainstTheCalculationCurrencyIsNil() throws IOException {
        assertThat(engine(Horizon.TEN_DAY).compute(List.of(row("RatesFX", "Risk_FX", "USD", "", "", "", "5000000")))
                .total()).isZero();
    }

    @Test
    void bucketSimmDoesNotDefineIsAnErrorWithItsLocation() throws IOException {
        Sensitivity s = new Sensitivity(null, null, SegregationClass.UNCLEARED_IM_SEG, null, null, "Equity",
                "Risk_Equity", "ISIN:A", "13", null, null, BigDecimal.ONE, "USD", BigDecimal.ONE, null, null,
                Lineage.of("crif", "book.csv", 7, "line 8", "crif-x"));
        assertThatThrownBy(() -> engine(Horizon.TEN_DAY).compute(List.of(s)))
                .isInstanceOf(SimmInputException.class).hasMessageContaining("book.csv line 8")
                .hasMessageContaining("bucket '13'");
    }

    @Test
    void intraBucketSumEqualsThePairwiseDefinition() {
        // K_b² = Σ_k WS_k² + Σ_{k≠l} ρ_kl f_kl WS_k WS_l, ρ_kl by correlation group, f_kl = min(CR)/max(CR)
        Random rnd = new Random(42);
        String[] names = {"CMBX", "ABX", "ISIN:A", "ISIN:B"};
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + rnd.nextInt(9);
            double[] ws = new double[m];
            double[] c = new double[m];
            String[] grp = new String[m];
            for (int i = 0; i < m; i++) {
                ws[i] = rnd.nextGaussian() * 1e6;
                grp[i] = names[rnd.nextInt(names.length)];
                c[i] = 1 + (rnd.nextBoolean() ? 0 : rnd.nextDouble() * 3);
            }
            double same = 0.82;
            double diff = 0.27;
            double brute = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    double rho = i == j ? 1 : grp[i].equals(grp[j]) ? same : diff;
                    double f = Math.min(c[i], c[j]) / Math.max(c[i], c[j]);
                    brute += rho * f * ws[i] * ws[j];
                }
            }
            assertThat(SimmEngine.intraBucket(ws, c, grp, same, diff))
                    .isCloseTo(brute, within(Math.abs(brute) * 1e-12 + 1e-3));
        }
    }

    @Test
    void inverseNormal() {
        assertThat(Normal.inverse(0.995)).isCloseTo(2.5758293035489004, within(1e-15));
        assertThat(Normal.inverse(0.5)).isZero();
        assertThat(Normal.inverse(0.01)).isCloseTo(-2.3263478740408408, within(1e-15));
    }
}
