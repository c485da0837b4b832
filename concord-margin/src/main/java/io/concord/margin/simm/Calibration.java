package io.concord.margin.simm;

import java.util.HashMap;
import java.util.Map;

/**
 * What the SIMM measures read from the calibration beyond its tables: risk factor volatility (σ), the concentration
 * risk factor and its threshold as shown, the curvature scaling SF(t) and IR tenor positions.
 */
final class Calibration {

    final SimmParameters p;
    private final Map<String, Integer> irTenor = new HashMap<>();
    private final double volatilityQuantile;

    Calibration(SimmParameters parameters) {
        this.p = parameters;
        this.volatilityQuantile = Normal.inverse(p.volatilityQuantile());
        for (int i = 0; i < p.ir().tenors().size(); i++) {
            irTenor.put(p.ir().tenors().get(i), i);
        }
    }

    /**
     * σ = RW · sqrt(365 / days) / Φ⁻¹(quantile): the volatility of an equity, commodity or FX risk factor whose
     * delta risk weight is {@code rw} (SIMM v2.5 vega risk); 1 for the risk classes whose vega is given vol-weighted
     * (interest rate, credit).
     */
    double volatility(RiskClass rc, double rw) {
        return switch (rc) {
            case Equity, Commodity, FX -> rw * Math.sqrt(365.0 / p.volatilityDays()) / volatilityQuantile;
            default -> 1;
        };
    }

    /**
     * Concentration risk factor max(1, sqrt(|net| / threshold)); 1 at a horizon whose calibration applies no
     * concentration risk (the 1-day one).
     */
    double concentration(double net, double threshold) {
        return p.concentrationApplies() ? Math.max(1, Math.sqrt(Math.abs(net) / threshold)) : 1;
    }

    /** The threshold as shown in the explanation: none (null) when concentration risk does not apply. */
    Double shownThreshold(double threshold) {
        return p.concentrationApplies() ? threshold : null;
    }

    /** SF(t) = 0.5 · min(1, D / t) for a vol sensitivity of expiry Label1 (t in calendar days). */
    double scaling(Agg a) {
        double days = SimmMath.days(a.label1);
        if (Double.isNaN(days)) {
            throw new SimmInputException(a.where() + ": " + a.riskType + " Label1 '" + a.label1
                    + "' is not a tenor such as 2w, 6m, 10y");
        }
        return 0.5 * Math.min(1, p.curvatureScalingDays() / days);
    }

    int tenor(Agg a) {
        Integer t = irTenor.get(a.label1);
        if (t == null) {
            throw new SimmInputException(a.where() + ": " + a.riskType + " Label1 '" + a.label1
                    + "' is not a SIMM " + "tenor " + p.ir().tenors());
        }
        return t;
    }
}
