package io.concord.margin.schedule;

import io.concord.margin.Param;
import io.concord.margin.ParamNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * BCBS-IOSCO standardized initial margin schedule ({@code mappings/risk/schedule.yaml}).
 *
 * @param rows        asset class (taxonomy asset class) and residual maturity band → rate on notional
 * @param grossWeight weight of gross initial margin in the net formula (0.4)
 * @param ngrWeight   weight of NGR × gross initial margin (0.6)
 */
public record ScheduleParameters(List<Row> rows, Param grossWeight, Param ngrWeight) {

    /**
     * @param assetClass  taxonomy asset class, e.g. RATES, CREDIT, EQUITY
     * @param fromYears   residual maturity from (inclusive), null for any
     * @param toYears     residual maturity to (exclusive), null for no upper bound
     * @param rate        fraction of notional
     */
    public record Row(String assetClass, Double fromYears, Double toYears, Param rate) {
        boolean matches(String cls, double years) {
            return assetClass.equals(cls) && (fromYears == null || years >= fromYears)
                    && (toYears == null || years < toYears);
        }

        /**
         * Whether a trade maturing on {@code maturity} seen on {@code asOf} falls in this row: a band's bound of Y
         * years is the date Y years (in whole months) after {@code asOf}, from inclusive, to exclusive, so a maturity
         * on the bound takes the longer band as "X but less than Y" reads, whatever the leap days between.
         */
        boolean matches(String cls, LocalDate asOf, LocalDate maturity) {
            return assetClass.equals(cls) && (fromYears == null || !maturity.isBefore(bound(asOf, fromYears)))
                    && (toYears == null || maturity.isBefore(bound(asOf, toYears)));
        }

        private static LocalDate bound(LocalDate asOf, double years) {
            return asOf.plusMonths(Math.round(years * 12));
        }

        boolean banded() {
            return fromYears != null || toYears != null;
        }
    }

    public static ScheduleParameters from(ParamNode root) {
        List<Row> rows = new ArrayList<>();
        for (ParamNode r : root.child("rows").items()) {
            rows.add(new Row(r.text("assetClass"), r.has("fromYears") ? r.number("fromYears") : null,
                    r.has("toYears") ? r.number("toYears") : null, r.param("rate")));
        }
        return new ScheduleParameters(rows, root.param("grossWeight"), root.param("ngrWeight"));
    }

    /**
     * The row that applies to an asset class for a trade maturing on {@code maturity} (null when unknown: only an
     * unbanded row applies then), or null when none does.
     */
    public Row row(String assetClass, LocalDate asOf, LocalDate maturity) {
        if (maturity == null) {
            return row(assetClass, Double.NaN);
        }
        for (Row r : rows) {
            if (r.assetClass().equals(assetClass) && (!r.banded() || r.matches(assetClass, asOf, maturity))) {
                return r;
            }
        }
        return null;
    }

    /**
     * The row that applies to an asset class at a residual maturity in years ({@code NaN} when unknown: only an
     * unbanded row applies then), or null when none does.
     */
    public Row row(String assetClass, double years) {
        for (Row r : rows) {
            if (r.assetClass().equals(assetClass) && (!r.banded() || !Double.isNaN(years)) && r.matches(assetClass, years)) {
                return r;
            }
        }
        return null;
    }
}
