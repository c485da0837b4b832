package io.concord.margin.simm;

import io.concord.margin.simm.SimmParameters.Bucketed;
import io.concord.margin.simm.SimmResult.AddOn;
import io.concord.margin.simm.SimmResult.Measures;
import io.concord.margin.simm.SimmResult.Node;
import io.concord.model.Sensitivity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import static io.concord.margin.simm.Agg.SEP;
import static io.concord.margin.simm.Agg.nz;
import static io.concord.margin.simm.Agg.usd;

/**
 * ISDA SIMM on CRIF sensitivities: delta, vega, curvature and base-correlation margins per risk class,
 * concentration, intra-bucket, inter-bucket, cross-risk-class (psi) and cross-product-class aggregation, and
 * add-ons. Every number comes from the {@link SimmParameters} (one calibration file per SIMM version).
 *
 * <p>Rows are first summed by risk factor (product class, risk type, qualifier, bucket, label 1, label 2), so
 * the cost of a run is one pass over the rows plus work proportional to the distinct risk factors; buckets
 * are aggregated by qualifier in O(n log n), never pair by pair.
 *
 * <p>Conventions (documented in README): amounts are CRIF {@code AmountUSD}; the collect side uses the
 * sensitivities as given, the post side their negation; rows whose IMModel is not SIMM (e.g. Schedule) are
 * excluded and counted.
 *
 * <p>The measures are computed apart, as the SIMM methodology sets them out: {@link DeltaMargin},
 * {@link VegaMargin}, {@link CurvatureMargin} (the bucketed risk classes share {@link BucketedMargin}),
 * {@link BaseCorrMargin} and {@link AddOns}; this class groups the rows, sums them by risk factor ({@link Agg}) and
 * aggregates the measures within a risk class, across risk classes (psi) and across product classes.
 */
public final class SimmEngine {

    private final SimmParameters p;
    private final DeltaMargin deltaMargin;
    private final VegaMargin vegaMargin;
    private final CurvatureMargin curvatureMargin;
    private final BaseCorrMargin baseCorrMargin;

    public SimmEngine(SimmParameters parameters) {
        this.p = parameters;
        Calibration cal = new Calibration(parameters);
        this.deltaMargin = new DeltaMargin(cal);
        this.vegaMargin = new VegaMargin(cal);
        this.curvatureMargin = new CurvatureMargin(cal);
        this.baseCorrMargin = new BaseCorrMargin(cal);
    }

    /** An engine on the calibration file {@code calibration} for {@code horizon}. */
    public static SimmEngine load(Path calibration, Horizon horizon) throws IOException {
        return new SimmEngine(SimmParameters.load(calibration, horizon));
    }

    public SimmParameters parameters() {
        return p;
    }

    /** SIMM of {@code rows}; with PostRegulation / CollectRegulation on the rows, also per regulation and side. */
    public SimmResult compute(List<Sensitivity> rows) {
        long excluded = 0;
        Map<String, Group> byRegs = new LinkedHashMap<>();
        for (Sensitivity s : rows) {
            if (!isSimm(s)) {
                excluded++;
                continue;
            }
            String gk = nz(s.collectRegulations()) + SEP + nz(s.postRegulations());
            Group g = byRegs.get(gk);
            if (g == null) {
                g = new Group(regulations(s.collectRegulations()), regulations(s.postRegulations()));
                byRegs.put(gk, g);
            }
            g.add(s);
        }
        Collection<Group> groups = byRegs.values();
        SimmResult.Portfolio all = portfolio(groups, g -> true, g -> true, 1.0, true);
        boolean regulated = groups.stream().anyMatch(g -> !g.collect.isEmpty() || !g.post.isEmpty());
        SimmResult.Regulations regs = regulated ? new SimmResult.Regulations(side(groups, g -> g.collect, 1.0),
                side(groups, g -> g.post, -1.0)) : null;
        return new SimmResult(p.version(), p.horizon().label(), p.calculationCurrency(), rows.size() - excluded,
                excluded, all, regs);
    }

    /**
     * SIMM rows naming the same regulations, summed by risk factor; add-on inputs (Param_ rows and the Notional
     * rows of the notional add-on) kept as read.
     */
    private static final class Group {
        final List<String> collect;
        final List<String> post;
        final Map<String, Agg> aggs = new HashMap<>();
        final List<Sensitivity> params = new ArrayList<>();
        long sensitivityRows;

        Group(List<String> collect, List<String> post) {
            this.collect = collect;
            this.post = post;
        }

        void add(Sensitivity s) {
            if (RiskClass.of(s.riskType()) == null) {
                params.add(s); // add-on inputs: under the regulations they name, under every one when they name none
                return;
            }
            sensitivityRows++;
            String key = s.productClass() + SEP + s.riskType() + SEP + nz(s.qualifier()) + SEP + nz(s.bucket())
                    + SEP + nz(s.label1()) + SEP + nz(s.label2());
            Agg a = aggs.get(key);
            if (a == null) {
                a = new Agg(key, s);
                aggs.put(key, a);
            }
            a.amount += usd(s);
        }
    }

    private SimmResult.Side side(Collection<Group> groups, java.util.function.Function<Group, List<String>> regs,
                                 double sign) {
        TreeSet<String> names = new TreeSet<>();
        long unregulated = 0;
        for (Group g : groups) {
            names.addAll(regs.apply(g));
            if (regs.apply(g).isEmpty()) {
                unregulated += g.sensitivityRows;
            }
        }
        Map<String, Double> by = new LinkedHashMap<>();
        String worst = null;
        double worstTotal = 0;
        for (String r : names) {
            double t = portfolio(groups, g -> regs.apply(g).contains(r),
                    g -> regs.apply(g).isEmpty() || regs.apply(g).contains(r), sign, false).total();
            by.put(r, t);
            if (worst == null || t > worstTotal) {
                worst = r;
                worstTotal = t;
            }
        }
        return new SimmResult.Side(by, worst, worstTotal, unregulated);
    }

    /**
     * A CRIF regulation list as upper-case names: {@code SEC,CFTC}, also as other writers spell it
     * ({@code [SEC, CFTC]}, {@code ["SEC","CFTC"]}, {@code 'SEC'}).
     */
    static List<String> regulations(String v) {
        String b = blank(v);
        if (b == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String x : b.replaceAll("[\\[\\]\"']", "").split(",")) {
            String t = x.trim().toUpperCase(Locale.ROOT);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean isSimm(Sensitivity s) {
        String m = blank(s.imModel());
        return m == null || m.equalsIgnoreCase("SIMM");
    }

    private static String blank(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * SIMM of the groups {@code include} accepts, sensitivities multiplied by {@code sign}; add-on parameters
     * (Param_ rows) of every group apply. Without {@code explain} the tree stops at buckets (no sensitivity
     * nodes): the per-regulation totals need none.
     */
    private SimmResult.Portfolio portfolio(Collection<Group> groups, Predicate<Group> include,
                                           Predicate<Group> includeAddOns, double sign,
                                           boolean explain) {
        List<Group> in = groups.stream().filter(include).toList();
        Collection<Agg> aggs;
        if (in.size() == 1 && sign == 1.0) {
            aggs = in.get(0).aggs.values();
        } else {
            Map<String, Agg> merged = new HashMap<>();
            for (Group g : in) {
                for (Agg a : g.aggs.values()) {
                    Agg m = merged.get(a.key);
                    if (m == null) {
                        m = new Agg(a);
                        merged.put(a.key, m);
                    }
                    m.amount += sign * a.amount;
                }
            }
            aggs = merged.values();
        }
        List<Sensitivity> params = new ArrayList<>();
        for (Group g : groups) {
            if (includeAddOns.test(g)) {
                params.addAll(g.params);
            }
        }
        // product class → risk class → rows
        Map<String, Map<RiskClass, List<Agg>>> byPc = new TreeMap<>();
        for (Agg a : aggs) {
            byPc.computeIfAbsent(a.productClass, k -> new EnumMap<>(RiskClass.class))
                    .computeIfAbsent(RiskClass.of(a.riskType), k -> new ArrayList<>()).add(a);
        }
        Map<String, Double> multipliers = AddOns.multipliers(params);
        Map<String, SimmResult.ProductClass> pcs = new LinkedHashMap<>();
        Map<RiskClass, Measures> byRc = new EnumMap<>(RiskClass.class);
        List<Node> tree = new ArrayList<>();
        double simm = 0;
        double multiplierAddOn = 0;
        for (var pc : byPc.entrySet()) {
            Map<RiskClass, Measures> rcs = new EnumMap<>(RiskClass.class);
            List<Node> rcNodes = new ArrayList<>();
            double[] im = new double[RiskClass.values().length];
            for (var rc : pc.getValue().entrySet()) {
                List<Node> measureNodes = new ArrayList<>();
                Measures m = riskClass(rc.getKey(), rc.getValue(), measureNodes, explain);
                rcs.put(rc.getKey(), m);
                byRc.merge(rc.getKey(), m, Measures::plus);
                im[rc.getKey().ordinal()] = m.margin();
                rcNodes.add(new Node(rc.getKey().name(), m.margin(), Map.of(), measureNodes));
            }
            double sq = 0;
            for (int r = 0; r < im.length; r++) {
                for (int s = 0; s < im.length; s++) {
                    sq += p.psi()[r][s] * im[r] * im[s];
                }
            }
            double margin = Math.sqrt(Math.max(sq, 0));
            double ms = multipliers.getOrDefault(pc.getKey(), 1.0);
            simm += margin;
            multiplierAddOn += (ms - 1) * margin;
            pcs.put(pc.getKey(), new SimmResult.ProductClass(margin, ms, rcs));
            Map<String, Object> d = new LinkedHashMap<>();
            if (ms != 1.0) {
                d.put("multiplier", ms);
            }
            tree.add(new Node(pc.getKey(), margin, d, rcNodes));
        }
        AddOn addOn = AddOns.of(params, multiplierAddOn, tree);
        return new SimmResult.Portfolio(simm + addOn.total(), simm, addOn, pcs, byRc, tree);
    }

    private Measures riskClass(RiskClass rc, List<Agg> rows, List<Node> nodes, boolean explain) {
        List<Agg> delta = new ArrayList<>();
        List<Agg> vol = new ArrayList<>();
        List<Agg> baseCorr = new ArrayList<>();
        for (Agg a : rows) {
            if (a.riskType.equals("Risk_BaseCorr")) {
                baseCorr.add(a);
            } else if (RiskClass.isVol(a.riskType)) {
                vol.add(a);
            } else {
                delta.add(a);
            }
        }
        Node d = null;
        Node v = null;
        Node c = null;
        Node b = null;
        switch (rc) {
            case InterestRate -> {
                d = delta.isEmpty() ? null : deltaMargin.interestRate(delta, explain);
                v = vol.isEmpty() ? null : vegaMargin.interestRate(vol, explain);
                c = vol.isEmpty() ? null : curvatureMargin.interestRate(vol, explain);
            }
            case FX -> {
                d = delta.isEmpty() ? null : deltaMargin.fx(delta, explain);
                v = vol.isEmpty() ? null : vegaMargin.fx(vol, explain);
                c = vol.isEmpty() ? null : curvatureMargin.fx(vol, explain);
            }
            default -> {
                Bucketed bp = switch (rc) {
                    case CreditQualifying -> p.creditQ();
                    case CreditNonQualifying -> p.creditNonQ();
                    case Equity -> p.equity();
                    default -> p.commodity();
                };
                d = delta.isEmpty() ? null : deltaMargin.bucketed(rc, bp, delta, explain);
                v = vol.isEmpty() ? null : vegaMargin.bucketed(rc, bp, vol, explain);
                c = vol.isEmpty() ? null : curvatureMargin.bucketed(rc, bp, vol, explain);
                b = baseCorr.isEmpty() ? null : baseCorrMargin.margin(baseCorr, explain);
            }
        }
        double dm = add(nodes, "delta", d);
        double vm = add(nodes, "vega", v);
        double cm = add(nodes, "curvature", c);
        double bm = add(nodes, "baseCorr", b);
        return new Measures(dm + vm + cm + bm, dm, vm, cm, bm);
    }

    private static double add(List<Node> nodes, String name, Node n) {
        if (n == null) {
            return 0;
        }
        nodes.add(new Node(name, n.margin(), n.detail(), n.children()));
        return n.margin();
    }

    /** K² of a bucket: see {@link SimmMath#intraBucket}. */
    static double intraBucket(double[] ws, double[] c, String[] group, double same, double diff) {
        return SimmMath.intraBucket(ws, c, group, same, diff);
    }
}
