package io.concord.margin.collateral;

import io.concord.model.CollateralLine;
import io.concord.model.CollateralLine.Purpose;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.concord.margin.Fixtures.RISK;
import static io.concord.margin.Fixtures.collateral;
import static io.concord.margin.Fixtures.market;
import static org.assertj.core.api.Assertions.assertThat;

class HaircutsTest {

    private final Haircuts haircuts = new Haircuts(RISK.collateral());

    private CollateralValuation one(SegregationClass sc, CollateralLine line) {
        return haircuts.value(sc, List.of(line), market(List.of(), Map.of())).lines().get(0);
    }

    @Test
    void treasuryBillByRegime() {
        // SEC Rule 15c3-1(c)(2)(vi)(A)(1): "9 months but less than 1 year" 1 % (a 52-week bill, 364 days, is less
        // than a year); clearing-house schedule: T-bills 0.5 %;
        // BCBS-IOSCO Appendix B: sovereign debt under 1 year 0.5 %.
        CollateralValuation sec = one(SegregationClass.SEC_15C3_3_CUST, collateral(SegregationClass.SEC_15C3_3_CUST,
                "COLLATERAL/TREASURY/BILL", "USD", 1_000_000, Purpose.IM, null));
        assertThat(sec.postHaircut()).isEqualByComparingTo("990000.00");
        assertThat(sec.basis()).contains("years assumed for COLLATERAL/TREASURY/BILL", "9 months but less than 1 year, 1%");
        CollateralValuation dco = one(SegregationClass.CFTC_4D_FUT, collateral(SegregationClass.CFTC_4D_FUT,
                "COLLATERAL/TREASURY/BILL", "USD", 1_000_000, Purpose.IM, null));
        assertThat(dco.postHaircut()).isEqualByComparingTo("995000.00");
        CollateralValuation bond = one(SegregationClass.SEC_15C3_3_CUST, collateral(SegregationClass.SEC_15C3_3_CUST,
                "COLLATERAL/TREASURY/BOND", "USD", 1_000_000, Purpose.IM, null));
        assertThat(bond.haircutPct()).isEqualByComparingTo("6");
    }

    @Test
    void currencyMismatchAddsEightPercentUnderBcbsIosco() {
        // BCBS-IOSCO 2015 Appendix B: cash 0 % + 8 % when the collateral currency differs from the settlement
        // currency: EUR 1,000,000 x 1.16 = $1,160,000 x 92 % = $1,067,200.
        CollateralValuation eur = one(SegregationClass.UNCLEARED_IM_SEG, collateral(SegregationClass.UNCLEARED_IM_SEG,
                "COLLATERAL/CASH/EUR", "EUR", 1_000_000, Purpose.IM, null));
        assertThat(eur.marketValue()).isEqualByComparingTo("1160000.00");
        assertThat(eur.haircutPct()).isEqualByComparingTo("8");
        assertThat(eur.postHaircut()).isEqualByComparingTo("1067200.00");
    }

    @Test
    void tokenizedMoneyMarketFundTakesUnderlyingHaircutPlusAddOns() {
        // SEC 15c3-1 MMF 2 % + settlement lag 1 % + custody (qualified custodian) 0 % = 3 %.
        CollateralValuation tok = one(SegregationClass.SEC_15C3_3_CUST, collateral(SegregationClass.SEC_15C3_3_CUST,
                "COLLATERAL/TOKENIZED/MMF", "USD", 500_000, Purpose.IM, "QUALIFIED_CUSTODIAN"));
        assertThat(tok.haircutPct()).isEqualByComparingTo("3");
        assertThat(tok.postHaircut()).isEqualByComparingTo("485000.00");
        CollateralValuation unknownCustody = one(SegregationClass.SEC_15C3_3_CUST, collateral(
                SegregationClass.SEC_15C3_3_CUST, "COLLATERAL/TOKENIZED/MMF", "USD", 500_000, Purpose.IM, "EXCHANGE"));
        assertThat(unknownCustody.counted()).isFalse();
        assertThat(unknownCustody.basis()).contains("custody model EXCHANGE has no custody add-on");
    }

    @Test
    void ineligibleCollateralCountsZeroAndSaysWhy() {
        CollateralValuation btc = one(SegregationClass.CFTC_4D_FUT, collateral(SegregationClass.CFTC_4D_FUT,
                "COLLATERAL/CRYPTO/BTC", "USD", 250_000, Purpose.IM, null));
        assertThat(btc.counted()).isFalse();
        assertThat(btc.postHaircut()).isEqualByComparingTo("0.00");
        assertThat(btc.marketValue()).isEqualByComparingTo("250000.00");
        assertThat(btc.basis()).contains("not eligible under DCO: Concord's DCO policy table: native crypto");
        CollateralValuation vm = one(SegregationClass.CFTC_4D_FUT, collateral(SegregationClass.CFTC_4D_FUT,
                "COLLATERAL/CASH/USD", "USD", 10_000, Purpose.VM, null));
        assertThat(vm.counted()).isFalse();
        assertThat(vm.basis()).contains("purpose VM does not cover an initial-margin requirement");
    }

    @Test
    void concentrationCapIsSolvedOnThePostCapTotal() {
        // DCO: stocks 30 % haircut, cash 0 %; equities and gold at most 40 % of the collateral counted (collateral.yaml
        // NON_CASH_RISK_ASSETS). cash 100,000 + stocks 1,000,000 x 70 % = 700,000. On the pre-cap total the stocks
        // would count 40 % x 800,000 = 320,000 and end at 320,000 / 420,000 = 76 % of what counts, above the stated
        // share. Solved on the post-cap total: stocks S = 0.40 x (S + 100,000), S = 0.40 / 0.60 x 100,000 =
        // 66,666.67; total 166,666.67, of which the stocks are exactly 40 %. (Expected value changed from 420,000:
        // the cap's share is of the collateral counted after the cap.)
        CollateralSummary s = haircuts.value(SegregationClass.CFTC_4D_FUT, List.of(
                collateral(SegregationClass.CFTC_4D_FUT, "COLLATERAL/CASH/USD", "USD", 100_000, Purpose.IM, null),
                collateral(SegregationClass.CFTC_4D_FUT, "COLLATERAL/EQUITY/SHARES", "USD", 1_000_000, Purpose.IM,
                        null)), market(List.of(), Map.of()));
        assertThat(s.marketValue()).isEqualByComparingTo("1100000.00");
        assertThat(s.postHaircut()).isEqualByComparingTo("166666.67");
        assertThat(s.lines().get(1).postHaircut()).isEqualByComparingTo("66666.67");
        assertThat(s.lines().get(1).postHaircut().doubleValue() / s.postHaircut().doubleValue()).isCloseTo(0.40,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(s.lines().get(1).basis()).contains("cap NON_CASH_RISK_ASSETS", "post-cap total");
    }

    @Test
    void capThatDoesNotBindLeavesValuesAlone() {
        // cash 600,000 + gold 500,000 x 85 % = 425,000 (DCO gold 15 %): gold is 41.5 % of 1,025,000, so it binds;
        // gold G = 0.4 / 0.6 x 600,000 = 400,000; with cash 700,000 gold's 425,000 is 37.8 %: no cap.
        CollateralSummary binds = haircuts.value(SegregationClass.CFTC_4D_FUT, List.of(
                collateral(SegregationClass.CFTC_4D_FUT, "COLLATERAL/CASH/USD", "USD", 600_000, Purpose.IM, null),
                collateral(SegregationClass.CFTC_4D_FUT, "COLLATERAL/GOLD/BULLION", "USD", 500_000, Purpose.IM, null)),
                market(List.of(), Map.of()));
        assertThat(binds.postHaircut()).isEqualByComparingTo("1000000.00");
        CollateralSummary free = haircuts.value(SegregationClass.CFTC_4D_FUT, List.of(
                collateral(SegregationClass.CFTC_4D_FUT, "COLLATERAL/CASH/USD", "USD", 700_000, Purpose.IM, null),
                collateral(SegregationClass.CFTC_4D_FUT, "COLLATERAL/GOLD/BULLION", "USD", 500_000, Purpose.IM, null)),
                market(List.of(), Map.of()));
        assertThat(free.postHaircut()).isEqualByComparingTo("1125000.00");
        assertThat(free.lines().get(1).basis()).doesNotContain("cap ");
        // only capped classes: they cannot be at most 40 % of a total they make up alone, so they count 0 (the
        // pre-cap reading counted 40 % of themselves)
        CollateralSummary alone = haircuts.value(SegregationClass.CFTC_4D_FUT, List.of(
                collateral(SegregationClass.CFTC_4D_FUT, "COLLATERAL/EQUITY/SHARES", "USD", 1_000_000, Purpose.IM, null)),
                market(List.of(), Map.of()));
        assertThat(alone.postHaircut()).isEqualByComparingTo("0.00");
        assertThat(alone.lines().get(0).basis()).contains("no other counted collateral");
    }

    @Test
    void maturityExactlyAtABandBoundTakesTheLongerBand() {
        // SEC Rule 15c3-1(c)(2)(vi)(A)(1): "5 years but less than 10 years 4%", "10 years but less than 15 years
        // 4.5%": a note assumed at 10.0 years is not less than 10 years, so it takes 4.5 % (it took 4 % when bands
        // were read "up to and including"). The clearing-house ladder reads the same way: 10-20 years 5 %.
        CollateralValuation sec = one(SegregationClass.SEC_15C3_3_CUST, collateral(SegregationClass.SEC_15C3_3_CUST,
                "COLLATERAL/TREASURY/NOTE", "USD", 1_000_000, Purpose.IM, null));
        assertThat(sec.haircutPct()).isEqualByComparingTo("4.5");
        assertThat(sec.basis()).contains("10 years but less than 15 years, 4.5%");
        CollateralValuation dco = one(SegregationClass.CFTC_4D_FUT, collateral(SegregationClass.CFTC_4D_FUT,
                "COLLATERAL/TREASURY/NOTE", "USD", 1_000_000, Purpose.IM, null));
        assertThat(dco.haircutPct()).isEqualByComparingTo("5");
        io.concord.margin.MaturityLadder ladder = RISK.collateral().regimes().get("SEC_15C3_1").treasuryLadder();
        assertThat(ladder.band(0.2499).rate().value()).isEqualTo(0);
        assertThat(ladder.band(0.25).rate().value()).isEqualTo(0.005);
        assertThat(ladder.band(25).rate().value()).isEqualTo(0.06);
        assertThat(ladder.band(24.99).rate().value()).isEqualTo(0.055);
        java.time.LocalDate asOf = java.time.LocalDate.of(2026, 11, 20);
        assertThat(ladder.band(asOf, asOf.plusMonths(3)).rate().value()).isEqualTo(0.005);
        assertThat(ladder.band(asOf, asOf.plusMonths(3).minusDays(1)).rate().value()).isEqualTo(0);
    }
}
