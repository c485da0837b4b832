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
import static io.concord.margin.simm.ExplainNodes.factorNode;
import static io.concord.margin.simm.ExplainNodes.ordered;
import static io.concord.margin.simm.SimmMath.acrossWithG;

/**
 * SIMM vega margin of a risk class: the vega risk of each risk factor (interest rate and credit vega as given;
 * equity, commodity and FX vega times HVR · σ), weighted by the vega risk weight and concentration, K per bucket,
 * aggregated across buckets.
 */
final class VegaMargin {

    private final Calibration cal;
    private final SimmParameters p;
    private final BucketedMargin bucketedClasses;

    VegaMargin(Calibration cal) {
        this.cal = cal;
        this.p = cal.p;
        this.bucketedClasses = new BucketedMargin(cal);
    }

    /** Interest rate vega margin: per currency, then across currencies. */
    Node interestRate(List<Agg> rows, boolean explain) {
        Ir ir = p.ir();
        List<double[]> ks = new ArrayList<>();
        List<Node> buckets = new ArrayList<>();
        for (var e : group(rows, a -> a.qualifier).entrySet()) {
            List<IrFactor> raw = IrFactor.volFactors(cal, e.getValue(), false);
            double net = 0;
            for (IrFactor f : raw) {
                net += f.s();
            }
            double threshold = ir.vegaThreshold().get(ir.liquidityGroup(e.getKey()));
            double vcr = cal.concentration(net, threshold);
            double w = ir.vegaRw(); // the IR hvr scales curvature only, never IR vega
            List<IrFactor> fs = raw.stream()
                    .map(f -> new IrFactor(f.kind(), f.tenor(), "", f.s(), w, w * f.s() * vcr, f.agg()))
                    .toList();
            double k2 = 0;
            double sum = 0;
            for (IrFactor a : fs) {
                sum += a.ws();
                for (IrFactor b : fs) {
                    k2 += a.ws() * b.ws() * (a == b ? 1 : IrFactor.corr(ir, a, b, true));
                }
            }
            double k = Math.sqrt(Math.max(k2, 0));
            ks.add(new double[]{k, sum, vcr});
            List<Node> sens = !explain ? List.of()
                    : fs.stream().map(f -> factorNode(f.agg(), f.agg().riskType, f.s(), f.rw(), vcr, f.ws())).toList();
            buckets.add(new Node(e.getKey(), k, ordered("weightedSum", sum, "concentration", vcr,
                    "thresholdUsd", cal.shownThreshold(threshold)), sens));
        }
        return new Node("vega", acrossWithG(ks, ir.gamma(), false), Map.of(), buckets);
    }

    /**
     * FX vega margin, by currency pair: a pair is one risk factor whatever its order (GBPUSD and USDGBP are one).
     * The vega risk is HVR × σ × vega, σ from the FX delta risk weight of the pair's two volatility groups.
     */
    Node fx(List<Agg> rows, boolean explain) {
        Fx fx = p.fx();
        Map<String, List<Agg>> byPair = group(rows, a -> pair(a));
        int n = byPair.size();
        double[] x = new double[n];
        double[] vcr = new double[n];
        List<Node> sens = new ArrayList<>();
        int i = 0;
        for (var e : byPair.entrySet()) {
            String pair = e.getKey();
            String c1 = pair.substring(0, 3);
            String c2 = pair.substring(3);
            double sigma = cal.volatility(RiskClass.FX, fx.riskWeight().get(fx.volGroup(c1)).get(fx.volGroup(c2)));
            double s = 0;
            double given = 0;
            for (Agg a : e.getValue()) {
                s += fx.hvr() * sigma * a.amount;
                given += a.amount;
            }
            double threshold = fx.vegaThreshold().get(Fx.pairKey(fx.category(c1), fx.category(c2)));
            vcr[i] = cal.concentration(s, threshold);
            x[i] = fx.vegaRw() * s * vcr[i];
            if (explain) {
                sens.add(new Node(pair, x[i], BucketedMargin.vegaDetail(BucketedMargin.Kind.VEGA, "Risk_FXVol", given,
                        s, sigma, fx.hvr(), fx.vegaRw(), vcr[i], x[i]), List.of()));
            }
            i++;
        }
        double r = fx.vegaCorr();
        double k2 = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double c = a == b ? 1 : r * Math.min(vcr[a], vcr[b]) / Math.max(vcr[a], vcr[b]);
                k2 += x[a] * x[b] * c;
            }
        }
        double k = Math.sqrt(Math.max(k2, 0));
        List<Node> bucket = List.of(new Node("FX", k, Map.of(), sens));
        return new Node("vega", k, Map.of(), bucket);
    }

    /** Vega margin of a bucketed risk class (credit qualifying / non-qualifying, equity, commodity). */
    Node bucketed(RiskClass rc, Bucketed bp, List<Agg> rows, boolean explain) {
        return bucketedClasses.margin(rc, bp, rows, BucketedMargin.Kind.VEGA, explain);
    }
}
