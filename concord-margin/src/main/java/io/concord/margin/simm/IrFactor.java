package io.concord.margin.simm;

import io.concord.margin.simm.SimmParameters.Ir;

import java.util.ArrayList;
import java.util.List;

/**
 * One weighted IR risk factor of a currency: kind 0 curve (tenor, sub-curve), 1 inflation, 2 xccy basis; with the
 * IR correlations and the vol factors IR vega and curvature share.
 */
record IrFactor(int kind, int tenor, String subCurve, double s, double rw, double ws, Agg agg) {

    /** The correlation of two IR factors of one currency (vega: no sub-curve correlation). */
    static double corr(Ir ir, IrFactor a, IrFactor b, boolean vega) {
        if (a.kind == 0 && b.kind == 0) {
            double r = ir.tenorCorr()[a.tenor][b.tenor];
            return vega || a.subCurve.equalsIgnoreCase(b.subCurve) ? r : r * ir.subCurveCorr();
        }
        if (a.kind == 2 || b.kind == 2) {
            return ir.xccyCorr();
        }
        return ir.inflationCorr(); // inflation with a curve (or vol) factor
    }

    /** IR vega (curvature = false) or the per-factor inputs of IR curvature. */
    static List<IrFactor> volFactors(Calibration c, List<Agg> ccyRows, boolean curvature) {
        double[] byTenor = new double[c.p.ir().tenors().size()];
        Agg[] first = new Agg[byTenor.length];
        double infl = 0;
        Agg inflA = null;
        for (Agg a : ccyRows) {
            double x = curvature ? c.scaling(a) * a.amount : a.amount;
            if (a.riskType.equals("Risk_IRVol")) {
                int t = c.tenor(a);
                byTenor[t] += x;
                first[t] = first[t] == null ? a : first[t];
            } else {
                infl += x;
                inflA = inflA == null ? a : inflA;
            }
        }
        List<IrFactor> fs = new ArrayList<>();
        for (int t = 0; t < byTenor.length; t++) {
            if (first[t] != null) {
                fs.add(new IrFactor(0, t, "", byTenor[t], 0, 0, first[t]));
            }
        }
        if (inflA != null) {
            fs.add(new IrFactor(1, -1, "", infl, 0, 0, inflA));
        }
        return fs;
    }
}
