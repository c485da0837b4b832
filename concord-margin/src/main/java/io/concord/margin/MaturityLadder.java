package io.concord.margin;

import java.time.LocalDate;
import java.util.List;

/**
 * Rates by residual maturity, read the way the rules write their bands: "X years but less than Y years". A band
 * holds maturities from the previous band's bound (inclusive) to its own bound (exclusive); the last band has no
 * bound ("Y years or more"). 17 CFR 240.15c3-1(c)(2)(vi)(A)(1) and FINRA Rule 4210(e)(2)(A) both read so: a
 * maturity exactly at a bound belongs to the longer band.
 *
 * @param bands in increasing order of bound; the last one unbounded
 */
public record MaturityLadder(List<Band> bands) {

    /** One band: maturities less than {@code toYears} (null = and over) take {@code rate}. */
    public record Band(Double toYears, Param rate) {

        /** e.g. {@code less than 10 years}, {@code and over}. */
        public String describe() {
            return toYears == null ? "the last band (and over)" : "less than " + Positions.fmt(toYears) + " years";
        }
    }

    public MaturityLadder {
        bands = List.copyOf(bands);
        Double previous = null;
        for (int i = 0; i < bands.size(); i++) {
            Double to = bands.get(i).toYears();
            if (to == null && i != bands.size() - 1) {
                throw new IllegalArgumentException("only the last band may be unbounded");
            }
            if (to != null && previous != null && to <= previous) {
                throw new IllegalArgumentException("band bounds must increase: " + previous + " then " + to);
            }
            previous = to;
        }
    }

    public boolean isEmpty() {
        return bands.isEmpty();
    }

    /** The band of a residual maturity given in years. */
    public Band band(double years) {
        for (Band b : bands) {
            if (b.toYears() == null || years < b.toYears()) {
                return b;
            }
        }
        return bands.get(bands.size() - 1);
    }

    /**
     * The band of a security maturing on {@code maturity}, seen on {@code asOf}: a band's bound of Y years is the
     * date Y years (in whole months: 0.25 years = 3 months) after {@code asOf}, and a maturity on that date is not
     * "less than" it.
     */
    public Band band(LocalDate asOf, LocalDate maturity) {
        for (Band b : bands) {
            if (b.toYears() == null || maturity.isBefore(asOf.plusMonths(Math.round(b.toYears() * 12)))) {
                return b;
            }
        }
        return bands.get(bands.size() - 1);
    }
}
