package io.concord.margin.simm;

import io.concord.margin.simm.SimmParameters.Bucketed;
import io.concord.margin.simm.SimmResult.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.concord.margin.simm.Agg.SEP;
import static io.concord.margin.simm.Agg.group;
import static io.concord.margin.simm.ExplainNodes.join;
import static io.concord.margin.simm.ExplainNodes.label;
import static io.concord.margin.simm.ExplainNodes.ordered;
import static io.concord.margin.simm.SimmMath.intraBucket;

/**
 * Delta, vega and curvature margin of the bucketed risk classes (credit qualifying and non-qualifying, equity,
 * commodity): one formula with the measure's weights. Risk factors are netted within a bucket, weighted (delta RW,
 * vega RW · HVR · σ, curvature SF · σ), concentration applied by qualifier, K per bucket through
 * {@link SimmMath#intraBucket}, then aggregated across buckets with the residual bucket added apart.
 */
final class BucketedMargin {

    private final Calibration cal;
    private final SimmParameters p;

    BucketedMargin(Calibration cal) {
        this.cal = cal;
        this.p = cal.p;
    }

    /** The measure a bucketed margin is computed for. */
    enum Kind { DELTA, VEGA, CURVATURE }

    /** The {@code kind} margin of a bucketed risk class on its rows {@code rows}. */
    Node margin(RiskClass rc, Bucketed bp, List<Agg> rows, Kind kind, boolean explain) {
        boolean credit = rc == RiskClass.CreditQualifying || rc == RiskClass.CreditNonQualifying;
        Map<String, List<Agg>> byBucket = group(rows, a -> a.bucket);
        List<double[]> ks = new ArrayList<>(); // non-residual: {k, sum, bucket index}
        List<Node> buckets = new ArrayList<>();
        double residual = 0;
        double sumCvr = 0;
        double sumAbs = 0;
        double resCvr = 0;
        double resAbs = 0;
        double resK = 0;
        boolean hasResidual = false;
        for (var e : byBucket.entrySet()) {
            String b = e.getKey();
            if (!bp.hasBucket(b)) {
                Agg a = e.getValue().get(0);
                throw new SimmInputException(a.where() + ": " + a.riskType + " bucket '" + a.bucket
                        + "' is not a SIMM " + p.version() + " bucket " + bp.buckets()
                        + (bp.riskWeight().containsKey(SimmParameters.RESIDUAL) ? " or Residual" : ""));
            }
            if (kind == Kind.CURVATURE && bp.curvatureZeroBuckets().contains(b)) {
                buckets.add(new Node(b, 0, ordered("curvature", "zero for this bucket"), List.of()));
                continue;
            }
            boolean isResidual = b.equals(SimmParameters.RESIDUAL);
            // vega risk of equity and commodity: the vega times the risk factor's volatility sigma (HVR on vega only)
            double sigma = cal.volatility(rc, bp.riskWeight().get(b));
            double scale = switch (kind) {
                case DELTA -> 1;
                case VEGA -> bp.hvr() * sigma;
                case CURVATURE -> sigma; // times SF(t) per row
            };
            // risk factors: credit (qualifier, tenor, label 2); equity and commodity the qualifier (over labels)
            Map<String, Factor> factors = new LinkedHashMap<>();
            for (Agg a : e.getValue()) {
                if (credit && !bp.tenors().contains(a.label1)) {
                    throw new SimmInputException(a.where() + ": " + a.riskType + " Label1 '" + a.label1
                            + "' is not a SIMM credit tenor " + bp.tenors());
                }
                double x = (kind == Kind.CURVATURE ? cal.scaling(a) : 1) * scale * a.amount;
                String key = credit ? a.qualifier + SEP + a.label1 + SEP + a.label2 : a.qualifier;
                Factor f = factors.computeIfAbsent(key, k -> new Factor(a));
                f.x += x;
                f.given += a.amount;
            }
            // concentration: by qualifier (issuer / seniority for credit, over tenors and label 2)
            Map<String, Double> netByQ = new HashMap<>();
            for (Factor f : factors.values()) {
                netByQ.merge(f.agg.qualifier, f.x, Double::sum);
            }
            double rw = switch (kind) {
                case DELTA -> bp.riskWeight().get(b);
                case VEGA -> bp.vegaRw().get(b);
                case CURVATURE -> 1;
            };
            double threshold = kind == Kind.DELTA ? bp.deltaThreshold().get(b) : bp.vegaThreshold().get(b);
            Map<String, Double> crByQ = new HashMap<>();
            netByQ.forEach((q, net) -> crByQ.put(q, kind == Kind.CURVATURE ? 1 : cal.concentration(net, threshold)));
            int m = factors.size();
            double[] ws = new double[m];
            double[] c = new double[m];
            String[] grp = new String[m];
            List<Node> sens = new ArrayList<>();
            int i = 0;
            double sum = 0;
            for (Factor f : factors.values()) {
                Agg a = f.agg;
                c[i] = crByQ.get(a.qualifier);
                ws[i] = rw * f.x * c[i];
                grp[i] = bp.sameByLabel2() ? a.label2 : a.qualifier;
                sum += ws[i];
                if (kind == Kind.CURVATURE) {
                    sumAbs += isResidual ? 0 : Math.abs(f.x);
                    resAbs += isResidual ? Math.abs(f.x) : 0;
                }
                if (explain) {
                    String name = credit ? join(a.qualifier, a.label1, a.label2) : a.qualifier;
                    sens.add(kind == Kind.CURVATURE
                            ? new Node(name, f.x, ordered("riskType", a.riskType, "cvr", f.x), List.of())
                            : new Node(name, ws[i], vegaDetail(kind, a.riskType, f.given,
                            kind == Kind.VEGA ? f.x : Double.NaN, sigma, kind == Kind.VEGA ? bp.hvr() : 1, rw, c[i],
                            ws[i]), List.of()));
                }
                i++;
            }
            double same = bp.sameQualifierCorr() == null ? Double.NaN : bp.sameQualifierCorr().get(b);
            double diff = bp.differentQualifierCorr().get(b);
            double k = Math.sqrt(Math.max(0, kind == Kind.CURVATURE
                    ? intraBucket(ws, c, grp, same * same, diff * diff)
                    : intraBucket(ws, c, grp, same, diff)));
            Map<String, Object> d = kind == Kind.CURVATURE ? ordered("cvrSum", sum)
                    : ordered("weightedSum", sum, "riskWeight", rw, "thresholdUsd", cal.shownThreshold(threshold));
            buckets.add(new Node(b, k, d, sens));
            if (isResidual) {
                hasResidual = true;
                residual = k;
                resK = k;
                resCvr = sum;
            } else {
                ks.add(new double[]{k, sum, bp.buckets().indexOf(b)});
                sumCvr += sum;
            }
        }
        double[][] g = bp.acrossBuckets();
        double nonRes = SimmMath.across(ks, (x, y) -> {
            double gamma = g[(int) x[2]][(int) y[2]];
            return kind == Kind.CURVATURE ? gamma * gamma : gamma;
        });
        if (kind != Kind.CURVATURE) {
            return new Node(kind == Kind.DELTA ? "delta" : "vega", nonRes + residual,
                    residual == 0 ? Map.of() : ordered("nonResidual", nonRes, "residual", residual), buckets);
        }
        double nonResCurv = ks.isEmpty() ? 0 : CurvatureMargin.curvature(p, sumCvr, sumAbs, nonRes);
        double resCurv = hasResidual ? CurvatureMargin.curvature(p, resCvr, resAbs, resK) : 0;
        return new Node("curvature", nonResCurv + resCurv, ordered("nonResidual", nonResCurv, "residual", resCurv,
                "lambda", CurvatureMargin.lambda(p, CurvatureMargin.theta(sumCvr, sumAbs))), buckets);
    }

    /**
     * One risk factor of a bucket: its first row, its summed sensitivity as given ({@code given}, USD) and as
     * weighted for the measure ({@code x}: vega risk HVR·σ·s, or curvature exposure SF·σ·s).
     */
    private static final class Factor {
        final Agg agg;
        double x;
        double given;

        Factor(Agg agg) {
            this.agg = agg;
        }
    }

    /** Explanation of one weighted delta or vega sensitivity; vega shows its volatility and vega risk. */
    static Map<String, Object> vegaDetail(Kind kind, String riskType, double amountUsd, double vegaRisk,
                                                  double sigma, double hvr, double rw, double cr, double ws) {
        Map<String, Object> d = ordered("riskType", riskType, "amountUsd", amountUsd);
        if (kind == Kind.VEGA && sigma != 1) {
            d.put("volatility", sigma);
        }
        if (kind == Kind.VEGA && hvr != 1) {
            d.put("hvr", hvr);
        }
        if (kind == Kind.VEGA) {
            d.put("vegaRisk", vegaRisk);
        }
        d.put("riskWeight", rw);
        d.put("concentration", cr);
        d.put("weighted", ws);
        return d;
    }
}
