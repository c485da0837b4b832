package io.concord.margin.schedule;

import io.concord.margin.SiloResult;
import io.concord.model.Position;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.concord.margin.Fixtures.AS_OF;
import static io.concord.margin.Fixtures.RISK;
import static io.concord.margin.Fixtures.account;
import static io.concord.margin.Fixtures.market;
import static io.concord.margin.Fixtures.position;
import static io.concord.margin.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

class ScheduleMarginTest {

    private final ScheduleMargin schedule = new ScheduleMargin(RISK.schedule());

    private static Position swap(String code, double notional, String ccy, LocalDate maturity, double mtm, String uti) {
        return position(product(code, null, null, "X", 1, "OTC", maturity, null, null,
                Map.of("notional", String.valueOf(notional), "notionalCurrency", ccy, "uti", uti, "cleared", "false")),
                1, null, mtm);
    }

    @Test
    void netStandardisedInitialMargin() {
        // BCBS-IOSCO, Margin requirements for non-centrally cleared derivatives (2015/2020), Appendix A:
        // IRS $100m, 7 years: 4 % = $4.0m (MTM +2.0m); IRS $50m, 3 years: 2 % = $1.0m (MTM -1.0m);
        // single-name CDS $20m, 4 years: 5 % = $1.0m (MTM +0.5m); equity swap $10m: 15 % = $1.5m (MTM 0).
        // Gross = $7.5m; NGR = net replacement cost 1.5m / gross replacement cost 2.5m = 0.6;
        // net = 0.4 x 7.5m + 0.6 x 0.6 x 7.5m = $5.7m.
        List<Position> trades = List.of(
                swap("RATES/IRS/SWAP", 100e6, "USD", AS_OF.plusYears(7), 2.0e6, "UTI-1"),
                swap("RATES/IRS/SWAP", 50e6, "USD", AS_OF.plusYears(3), -1.0e6, "UTI-2"),
                swap("CREDIT/SINGLE_NAME/CDS", 20e6, "USD", AS_OF.plusYears(4), 0.5e6, "UTI-3"),
                swap("EQUITY/SINGLE_STOCK/SBS", 10e6, "USD", AS_OF.plusYears(1), 0, "UTI-4"));
        SiloResult r = schedule.margin(account("U-1", SegregationClass.UNCLEARED_IM_SEG), trades,
                market(List.of(), Map.of()));
        assertThat(r.requirement()).isEqualTo(5_700_000.00, org.assertj.core.data.Offset.offset(0.01));
        assertThat(r.explain().children().get(0).amount()).isEqualByComparingTo("7500000.00");
        assertThat(r.explain().children().get(1).label()).isEqualTo("net-to-gross ratio 0.600000");
    }

    @Test
    void foreignNotionalConvertsAndMissingTermsAreListed() {
        SiloResult r = schedule.margin(account("U-1", SegregationClass.UNCLEARED_IM_SEG), List.of(
                swap("FX/G10/FORWARD", 10e6, "EUR", AS_OF.plusMonths(6), 0, "UTI-5"),
                position(product("RATES/IRS/SWAP", null, null, "X", 1, "OTC", AS_OF.plusYears(2), null, null,
                        Map.of()), 1, null, 0.0)), market(List.of(), Map.of()));
        // EUR 10m x 1.16 x 6 % = 696,000 gross; no positive MTM: NGR taken as 1
        assertThat(r.requirement()).isEqualTo(696_000.00, org.assertj.core.data.Offset.offset(0.01));
        assertThat(r.unmargined()).singleElement().satisfies(u ->
                assertThat(u.reason()).isEqualTo("terms.notional and terms.notionalCurrency are required"));
    }
    @Test
    void residualMaturityBandsAreReadByDateButLessThan() {
        // BCBS-IOSCO Appendix A: interest rate "0-2 year" 1 %, "2-5 year" 2 %, "5+ year" 4 %, read as every ladder in
        // Concord is read, "X but less than Y": the 5-year bound is the date five years after the business date
        // 2026-11-20, i.e. 2031-11-20. A $10m swap maturing 2031-11-19 is less than five years (though 1,825 days
        // / 365 = 5.000 because 2028 has a leap day, which took 4 % when the band was read in actual/365 years):
        // 2 % = 200,000; maturing 2031-11-20 it takes 4 % = 400,000. One trade with a mark of 0: no positive mark,
        // NGR 1, net = 0.4 x gross + 0.6 x 1 x gross = gross.
        SiloResult before = schedule.margin(account("U-1", SegregationClass.UNCLEARED_IM_SEG), List.of(
                swap("RATES/IRS/SWAP", 10e6, "USD", LocalDate.of(2031, 11, 19), 0, "UTI-6")), market(List.of(), Map.of()));
        assertThat(before.requirement()).isEqualTo(200_000.00, org.assertj.core.data.Offset.offset(0.01));
        SiloResult on = schedule.margin(account("U-1", SegregationClass.UNCLEARED_IM_SEG), List.of(
                swap("RATES/IRS/SWAP", 10e6, "USD", LocalDate.of(2031, 11, 20), 0, "UTI-7")), market(List.of(), Map.of()));
        assertThat(on.requirement()).isEqualTo(400_000.00, org.assertj.core.data.Offset.offset(0.01));
    }
}
