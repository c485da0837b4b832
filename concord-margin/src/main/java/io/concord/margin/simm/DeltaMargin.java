package io.concord.margin.simm;

import io.concord.margin.simm.SimmParameters.Bucketed;
import io.concord.margin.simm.SimmParameters.Fx;
import io.concord.margin.simm.SimmParameters.Ir;
import io.concord.margin.simm.SimmResult.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static io.concord.margin.simm.Agg.SEP;
import static io.concord.margin.simm.Agg.group;
import static io.concord.margin.simm.ExplainNodes.factorNode;
import static io.concord.margin.simm.ExplainNodes.ordered;
import static io.concord.margin.simm.SimmMath.acrossWithG;

/**
 * SIMM delta margin of a risk class: weighted sensitivities WS = RW · s · CR, K per bucket, aggregated across
 * buckets (interest rate, FX, and the bucketed classes through {@link BucketedMargin}).
 */
final class DeltaMargin {

    private final Calibration cal;
    private final SimmParameters p;
    private final BucketedMargin bucketedClasses;

    DeltaMargin(Calibration cal) {
        this.cal = cal;
        this.p = cal.p;
        this.bucketedClasses = new BucketedMargin(cal);
    }

    /** Interest rate delta margin: per currency, then across currencies. */
    Node interestRate(List<Agg> rows, boolean explain) {
        Ir ir = p.ir();
        Map<String, List<Agg>> byCcy = group(rows, a -> a.qualifier);
        List<double[]> ks = new ArrayList<>();
        List<Node> buckets = new ArrayList<>();
        for (var e : byCcy.entrySet()) {
            String ccy = e.getKey();
            double[] rw = ir.riskWeights(ccy);
            // net by factor: curve (tenor, sub-curve); inflation and xccy basis are one factor per currency
            Map<String, double[]> curve = new TreeMap<>();
            Map<String, Agg> first = new HashMap<>();
            double infl = 0;
            double xccy = 0;
            Agg inflA = null;
            Agg xccyA = null;
            for (Agg a : e.getValue()) {
                switch (a.riskType) {
                    case "Risk_IRCurve" -> {
                        int t = cal.tenor(a);
                        String sub = a.label2;
                        String k = String.format("%02d", t) + SEP + sub;
                        curve.computeIfAbsent(k, x -> new double[1])[0] += a.amount;
                        first.putIfAbsent(k, a);
                    }
                    case "Risk_Inflation" -> {
                        infl += a.amount;
                        inflA = inflA == null ? a : inflA;
                    }
                    default -> {
                        xccy += a.amount;
                        xccyA = xccyA == null ? a : xccyA;
                    }
                }
            }
            double net = infl;
            for (double[] c : curve.values()) {
                net += c[0];
            }
            double threshold = ir.deltaThreshold().get(ir.liquidityGroup(ccy));
            double cr = cal.concentration(net, threshold);
            List<IrFactor> fs = new ArrayList<>();
            for (var c : curve.entrySet()) {
                Agg a = first.get(c.getKey());
                int t = cal.tenor(a);
                fs.add(new IrFactor(0, t, a.label2, c.getValue()[0], rw[t], rw[t] * c.getValue()[0] * cr, a));
            }
            if (inflA != null) {
                fs.add(new IrFactor(1, -1, "", infl, ir.inflationRw(), ir.inflationRw() * infl * cr, inflA));
            }
            if (xccyA != null) {
                // cross-currency basis carries no concentration factor (nor counts in the concentration sum)
                fs.add(new IrFactor(2, -1, "", xccy, ir.xccyRw(), ir.xccyRw() * xccy, xccyA));
            }
            double k2 = 0;
            double sum = 0;
            for (IrFactor a : fs) {
                sum += a.ws();
                for (IrFactor b : fs) {
                    k2 += a.ws() * b.ws() * (a == b ? 1 : IrFactor.corr(ir, a, b, false));
                }
            }
            double k = Math.sqrt(Math.max(k2, 0));
            ks.add(new double[]{k, sum, cr});
            List<Node> sens = new ArrayList<>();
            for (IrFactor f : explain ? fs : List.<IrFactor>of()) {
                sens.add(factorNode(f.agg(), f.agg().riskType, f.s(), f.rw(), f.kind() == 2 ? 1 : cr, f.ws()));
            }
            buckets.add(new Node(ccy, k, ordered("weightedSum", sum, "concentration", cr, "thresholdUsd",
                    cal.shownThreshold(threshold)), sens));
        }
        double m = acrossWithG(ks, ir.gamma(), false);
        return new Node("delta", m, Map.of(), buckets);
    }

    /** FX delta margin: one bucket of currencies against the calculation currency. */
    Node fx(List<Agg> rows, boolean explain) {
        Fx fx = p.fx();
        String calcGroup = fx.volGroup(p.calculationCurrency());
        Map<String, List<Agg>> byCcy = group(rows, a -> a.qualifier.toUpperCase(Locale.ROOT));
        byCcy.remove(p.calculationCurrency()); // FX risk against the calculation currency itself is nil
        int n = byCcy.size();
        double[] ws = new double[n];
        double[] cr = new double[n];
        String[] grp = new String[n];
        List<Node> sens = new ArrayList<>();
        int i = 0;
        for (var e : byCcy.entrySet()) {
            double s = e.getValue().stream().mapToDouble(a -> a.amount).sum();
            double threshold = fx.deltaThreshold().get(fx.category(e.getKey()));
            cr[i] = cal.concentration(s, threshold);
            grp[i] = fx.volGroup(e.getKey());
            double rw = fx.riskWeight().get(calcGroup).get(grp[i]);
            ws[i] = rw * s * cr[i];
            if (explain) {
                sens.add(factorNode(e.getValue().get(0), "Risk_FX", s, rw, cr[i], ws[i]));
            }
            i++;
        }
        double k2 = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double r = a == b ? 1 : fx.corr().get(calcGroup).get(grp[a]).get(grp[b])
                        * Math.min(cr[a], cr[b]) / Math.max(cr[a], cr[b]);
                k2 += ws[a] * ws[b] * r;
            }
        }
        double k = Math.sqrt(Math.max(k2, 0));
        return new Node("delta", k, Map.of(), List.of(new Node("FX", k, Map.of(), sens)));
    }

    /** Delta margin of a bucketed risk class (credit qualifying / non-qualifying, equity, commodity). */
    Node bucketed(RiskClass rc, Bucketed bp, List<Agg> rows, boolean explain) {
        return bucketedClasses.margin(rc, bp, rows, BucketedMargin.Kind.DELTA, explain);
    }
}
