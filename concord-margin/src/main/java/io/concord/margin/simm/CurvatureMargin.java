package io.concord.margin.simm;

import io.concord.margin.simm.SimmParameters.Bucketed;
import io.concord.margin.simm.SimmParameters.Fx;
import io.concord.margin.simm.SimmParameters.Ir;
import io.concord.margin.simm.SimmResult.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.concord.margin.simm.Agg.group;
import static io.concord.margin.simm.Agg.pair;
import static io.concord.margin.simm.ExplainNodes.label;
import static io.concord.margin.simm.ExplainNodes.ordered;
import static io.concord.margin.simm.SimmMath.acrossWithG;

/**
 * SIMM curvature margin of a risk class: curvature exposures CVR = SF(t) · σ · vega per risk factor, K per bucket
 * with squared correlations, and max(Σ CVR + λ·K, 0) across buckets (θ, λ from the curvature quantile); interest
 * rate curvature scaled by 1 / HVR².
 */
final class CurvatureMargin {

    private final Calibration cal;
    private final SimmParameters p;
    private final BucketedMargin bucketedClasses;

    CurvatureMargin(Calibration cal) {
        this.cal = cal;
        this.p = cal.p;
        this.bucketedClasses = new BucketedMargin(cal);
    }

    /** Interest rate curvature margin, scaled by 1 / HVR². */
    Node interestRate(List<Agg> rows, boolean explain) {
        Ir ir = p.ir();
        List<double[]> ks = new ArrayList<>();
        List<Node> buckets = new ArrayList<>();
        double sumCvr = 0;
        double sumAbs = 0;
        for (var e : group(rows, a -> a.qualifier).entrySet()) {
            List<IrFactor> fs = IrFactor.volFactors(cal, e.getValue(), true);
            double k2 = 0;
            double sum = 0;
            for (IrFactor a : fs) {
                sum += a.s();
                sumAbs += Math.abs(a.s());
                for (IrFactor b : fs) {
                    double r = a == b ? 1 : IrFactor.corr(ir, a, b, true);
                    k2 += a.s() * b.s() * r * r;
                }
            }
            sumCvr += sum;
            double k = Math.sqrt(Math.max(k2, 0));
            ks.add(new double[]{k, sum, 1});
            List<Node> sens = !explain ? List.of() : fs.stream().map(f -> new Node(label(f.agg()), f.s(),
                    ordered("riskType", f.agg().riskType, "cvr", f.s()), List.of())).toList();
            buckets.add(new Node(e.getKey(), k, ordered("cvrSum", sum), sens));
        }
        double scale = 1 / (ir.hvr() * ir.hvr());
        return curvatureNode(sumCvr, sumAbs, acrossWithG(ks, ir.gamma(), true), scale, buckets);
    }

    /**
     * FX curvature margin, by currency pair: a pair is one risk factor whatever its order (GBPUSD and USDGBP are
     * one). The curvature exposure is SF(t) × σ × vega, σ from the FX delta risk weight of the pair's two
     * volatility groups.
     */
    Node fx(List<Agg> rows, boolean explain) {
        Fx fx = p.fx();
        Map<String, List<Agg>> byPair = group(rows, a -> pair(a));
        int n = byPair.size();
        double[] x = new double[n];
        List<Node> sens = new ArrayList<>();
        int i = 0;
        double sumAbs = 0;
        double sum = 0;
        for (var e : byPair.entrySet()) {
            String pair = e.getKey();
            String c1 = pair.substring(0, 3);
            String c2 = pair.substring(3);
            double sigma = cal.volatility(RiskClass.FX, fx.riskWeight().get(fx.volGroup(c1)).get(fx.volGroup(c2)));
            double s = 0;
            for (Agg a : e.getValue()) {
                s += cal.scaling(a) * sigma * a.amount;
            }
            x[i] = s;
            sumAbs += Math.abs(s);
            if (explain) {
                sens.add(new Node(pair, s, ordered("riskType", "Risk_FXVol", "cvr", s), List.of()));
            }
            sum += x[i];
            i++;
        }
        double r = fx.vegaCorr();
        double k2 = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double c = a == b ? 1 : r * r;
                k2 += x[a] * x[b] * c;
            }
        }
        double k = Math.sqrt(Math.max(k2, 0));
        List<Node> bucket = List.of(new Node("FX", k, Map.of(), sens));
        return curvatureNode(sum, sumAbs, k, 1, bucket);
    }

    /** Curvature margin of a bucketed risk class (credit qualifying / non-qualifying, equity, commodity). */
    Node bucketed(RiskClass rc, Bucketed bp, List<Agg> rows, boolean explain) {
        return bucketedClasses.margin(rc, bp, rows, BucketedMargin.Kind.CURVATURE, explain);
    }

    private Node curvatureNode(double sumCvr, double sumAbs, double k, double scale, List<Node> buckets) {
        double theta = theta(sumCvr, sumAbs);
        double m = curvature(p, sumCvr, sumAbs, k) * scale;
        Map<String, Object> d = ordered("cvrSum", sumCvr, "theta", theta, "lambda", lambda(p, theta));
        if (scale != 1) {
            d.put("scale", scale);
        }
        return new Node("curvature", m, d, buckets);
    }

    /** max(Σ CVR + λ·K, 0) with θ = min(Σ CVR / Σ |CVR|, 0). */
    static double curvature(SimmParameters p, double sumCvr, double sumAbs, double k) {
        return Math.max(sumCvr + lambda(p, theta(sumCvr, sumAbs)) * k, 0);
    }

    static double theta(double sumCvr, double sumAbs) {
        return sumAbs == 0 ? 0 : Math.min(sumCvr / sumAbs, 0);
    }

    /** λ = (Φ⁻¹(quantile)² − 1)(1 + θ) − θ. */
    static double lambda(SimmParameters p, double theta) {
        double z = Normal.inverse(p.curvatureQuantile());
        return (z * z - 1) * (1 + theta) - theta;
    }
}
