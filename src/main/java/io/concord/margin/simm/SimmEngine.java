package io.concord.margin.simm;

import io.concord.margin.simm.SimmParameters.Bucketed;
import io.concord.margin.simm.SimmParameters.Fx;
import io.concord.margin.simm.SimmParameters.Ir;
import io.concord.margin.simm.SimmResult.AddOn;
import io.concord.margin.simm.SimmResult.Measures;
import io.concord.margin.simm.SimmResult.Node;
import io.concord.model.Sensitivity;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 */
public final class SimmEngine {

    private static final String SEP = "\u001f";
    private final SimmParameters p;
    private final Map<String, Integer> irTenor = new HashMap<>();
    private final double volatilityQuantile;

    public SimmEngine(SimmParameters parameters) {
        this.p = parameters;
        this.volatilityQuantile = Normal.inverse(p.volatilityQuantile());
        for (int i = 0; i < p.ir().tenors().size(); i++) {
            irTenor.put(p.ir().tenors().get(i), i);
        }
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

    // ------------------------------------------------------------------------------------------------------
    // aggregation by risk factor

    /** The sum of one risk factor's sensitivities; {@code first} locates the first row for messages. */
    private static final class Agg {
        final String key;
        final String productClass;
        final String riskType;
        final String qualifier;
        final String bucket;
        final String label1;
        final String label2;
        final Sensitivity first;
        double amount;

        Agg(String key, Sensitivity s) {
            this.key = key;
            productClass = s.productClass();
            riskType = s.riskType();
            qualifier = nz(s.qualifier());
            bucket = normalBucket(nz(s.bucket()));
            String l1 = nz(s.label1());
            label1 = l1.chars().anyMatch(Character::isUpperCase) ? l1.toLowerCase(Locale.ROOT) : l1;
            label2 = nz(s.label2());
            first = s;
        }

        /** An empty copy of {@code a} (same risk factor, amount 0). */
        Agg(Agg a) {
            key = a.key;
            productClass = a.productClass;
            riskType = a.riskType;
            qualifier = a.qualifier;
            bucket = a.bucket;
            label1 = a.label1;
            label2 = a.label2;
            first = a.first;
        }

        String where() {
            return first.lineage() == null ? riskType + " " + qualifier
                    : first.lineage().file() + " " + first.lineage().location();
        }
    }

    private static String nz(String v) {
        return v == null ? "" : v.trim();
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
        Map<String, Double> multipliers = multipliers(params);
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
        double fixed = 0;
        Map<String, Double> factor = new TreeMap<>();
        Map<String, Double> notional = new TreeMap<>();
        for (Sensitivity s : params) {
            switch (s.riskType()) {
                case "Param_AddOnFixedAmount" -> fixed += usd(s);
                case "Param_AddOnNotionalFactor" -> {
                    Double prev = factor.put(nz(s.qualifier()), s.amount().doubleValue());
                    if (prev != null && prev != s.amount().doubleValue()) {
                        throw new SimmInputException("two different Param_AddOnNotionalFactor values for product '"
                                + s.qualifier() + "' (" + prev + " and " + s.amount() + ")");
                    }
                }
                case "Notional" -> notional.merge(nz(s.qualifier()), usd(s), Double::sum);
                default -> { } // Param_ProductClassMultiplier: read above; PV belongs to Schedule
            }
        }
        double notionalAddOn = 0;
        List<Node> addOnNodes = new ArrayList<>();
        for (var f : factor.entrySet()) {
            double n = notional.getOrDefault(f.getKey(), 0.0);
            double a = f.getValue() / 100.0 * n;
            notionalAddOn += a;
            addOnNodes.add(new Node(f.getKey(), a, ordered("factorPercent", f.getValue(), "notionalUsd", n), List.of()));
        }
        double addOnTotal = multiplierAddOn + fixed + notionalAddOn;
        if (addOnTotal != 0 || !params.isEmpty()) {
            tree.add(new Node("AddOn", addOnTotal, ordered("productClassMultiplier", multiplierAddOn,
                    "fixedAmount", fixed, "notionalFactor", notionalAddOn), addOnNodes));
        }
        return new SimmResult.Portfolio(simm + addOnTotal, simm,
                new AddOn(addOnTotal, multiplierAddOn, fixed, notionalAddOn), pcs, byRc, tree);
    }

    private static Map<String, Double> multipliers(List<Sensitivity> params) {
        Map<String, Double> m = new HashMap<>();
        for (Sensitivity s : params) {
            if (s.riskType().equals("Param_ProductClassMultiplier")) {
                double v = s.amount().doubleValue();
                Double prev = m.put(nz(s.qualifier()), v);
                if (prev != null && prev != v) {
                    throw new SimmInputException("two different Param_ProductClassMultiplier values for product class '"
                            + s.qualifier() + "' (" + prev + " and " + v + ")");
                }
            }
        }
        return m;
    }

    private static double usd(Sensitivity s) {
        BigDecimal v = s.amountUsd();
        return v == null ? 0 : v.doubleValue();
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
                d = delta.isEmpty() ? null : irDelta(delta, explain);
                v = vol.isEmpty() ? null : irVega(vol, explain);
                c = vol.isEmpty() ? null : irCurvature(vol, explain);
            }
            case FX -> {
                d = delta.isEmpty() ? null : fxDelta(delta, explain);
                v = vol.isEmpty() ? null : fxVega(vol, false, explain);
                c = vol.isEmpty() ? null : fxVega(vol, true, explain);
            }
            default -> {
                Bucketed bp = switch (rc) {
                    case CreditQualifying -> p.creditQ();
                    case CreditNonQualifying -> p.creditNonQ();
                    case Equity -> p.equity();
                    default -> p.commodity();
                };
                d = delta.isEmpty() ? null : bucketed(rc, bp, delta, Kind.DELTA, explain);
                v = vol.isEmpty() ? null : bucketed(rc, bp, vol, Kind.VEGA, explain);
                c = vol.isEmpty() ? null : bucketed(rc, bp, vol, Kind.CURVATURE, explain);
                b = baseCorr.isEmpty() ? null : baseCorr(baseCorr, explain);
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

    // ------------------------------------------------------------------------------------------------------
    // interest rate

    /** One weighted IR risk factor of a currency: kind 0 curve (tenor, sub-curve), 1 inflation, 2 xccy basis. */
    private record IrFactor(int kind, int tenor, String subCurve, double s, double rw, double ws, Agg agg) {
    }

    private Node irDelta(List<Agg> rows, boolean explain) {
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
                        int t = tenor(a);
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
            double cr = concentration(net, threshold);
            List<IrFactor> fs = new ArrayList<>();
            for (var c : curve.entrySet()) {
                Agg a = first.get(c.getKey());
                int t = tenor(a);
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
                sum += a.ws;
                for (IrFactor b : fs) {
                    k2 += a.ws * b.ws * (a == b ? 1 : irCorr(a, b, false));
                }
            }
            double k = Math.sqrt(Math.max(k2, 0));
            ks.add(new double[]{k, sum, cr});
            List<Node> sens = new ArrayList<>();
            for (IrFactor f : explain ? fs : List.<IrFactor>of()) {
                sens.add(factorNode(f.agg, f.agg.riskType, f.s, f.rw, f.kind == 2 ? 1 : cr, f.ws));
            }
            buckets.add(new Node(ccy, k, ordered("weightedSum", sum, "concentration", cr, "thresholdUsd",
                    shownThreshold(threshold)), sens));
        }
        double m = acrossWithG(ks, ir.gamma(), false);
        return new Node("delta", m, Map.of(), buckets);
    }

    private double irCorr(IrFactor a, IrFactor b, boolean vega) {
        Ir ir = p.ir();
        if (a.kind == 0 && b.kind == 0) {
            double r = ir.tenorCorr()[a.tenor][b.tenor];
            return vega || a.subCurve.equalsIgnoreCase(b.subCurve) ? r : r * ir.subCurveCorr();
        }
        if (a.kind == 2 || b.kind == 2) {
            return ir.xccyCorr();
        }
        return ir.inflationCorr(); // inflation with a curve (or vol) factor
    }

    private int tenor(Agg a) {
        Integer t = irTenor.get(a.label1);
        if (t == null) {
            throw new SimmInputException(a.where() + ": " + a.riskType + " Label1 '" + a.label1
                    + "' is not a SIMM " + "tenor " + p.ir().tenors());
        }
        return t;
    }

    /** IR vega (curvature = false) or the per-factor inputs of IR curvature. */
    private List<IrFactor> irVolFactors(List<Agg> ccyRows, boolean curvature) {
        double[] byTenor = new double[p.ir().tenors().size()];
        Agg[] first = new Agg[byTenor.length];
        double infl = 0;
        Agg inflA = null;
        for (Agg a : ccyRows) {
            double x = curvature ? scaling(a) * a.amount : a.amount;
            if (a.riskType.equals("Risk_IRVol")) {
                int t = tenor(a);
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

    private Node irVega(List<Agg> rows, boolean explain) {
        Ir ir = p.ir();
        List<double[]> ks = new ArrayList<>();
        List<Node> buckets = new ArrayList<>();
        for (var e : group(rows, a -> a.qualifier).entrySet()) {
            List<IrFactor> raw = irVolFactors(e.getValue(), false);
            double net = 0;
            for (IrFactor f : raw) {
                net += f.s;
            }
            double threshold = ir.vegaThreshold().get(ir.liquidityGroup(e.getKey()));
            double vcr = concentration(net, threshold);
            double w = ir.vegaRw(); // the IR hvr scales curvature only, never IR vega
            List<IrFactor> fs = raw.stream().map(f -> new IrFactor(f.kind, f.tenor, "", f.s, w, w * f.s * vcr, f.agg))
                    .toList();
            double k2 = 0;
            double sum = 0;
            for (IrFactor a : fs) {
                sum += a.ws;
                for (IrFactor b : fs) {
                    k2 += a.ws * b.ws * (a == b ? 1 : irCorr(a, b, true));
                }
            }
            double k = Math.sqrt(Math.max(k2, 0));
            ks.add(new double[]{k, sum, vcr});
            List<Node> sens = !explain ? List.of()
                    : fs.stream().map(f -> factorNode(f.agg, f.agg.riskType, f.s, f.rw, vcr, f.ws)).toList();
            buckets.add(new Node(e.getKey(), k, ordered("weightedSum", sum, "concentration", vcr,
                    "thresholdUsd", shownThreshold(threshold)), sens));
        }
        return new Node("vega", acrossWithG(ks, ir.gamma(), false), Map.of(), buckets);
    }

    private Node irCurvature(List<Agg> rows, boolean explain) {
        Ir ir = p.ir();
        List<double[]> ks = new ArrayList<>();
        List<Node> buckets = new ArrayList<>();
        double sumCvr = 0;
        double sumAbs = 0;
        for (var e : group(rows, a -> a.qualifier).entrySet()) {
            List<IrFactor> fs = irVolFactors(e.getValue(), true);
            double k2 = 0;
            double sum = 0;
            for (IrFactor a : fs) {
                sum += a.s;
                sumAbs += Math.abs(a.s);
                for (IrFactor b : fs) {
                    double r = a == b ? 1 : irCorr(a, b, true);
                    k2 += a.s * b.s * r * r;
                }
            }
            sumCvr += sum;
            double k = Math.sqrt(Math.max(k2, 0));
            ks.add(new double[]{k, sum, 1});
            List<Node> sens = !explain ? List.of() : fs.stream().map(f -> new Node(label(f.agg), f.s, ordered("riskType", f.agg.riskType,
                    "cvr", f.s), List.of())).toList();
            buckets.add(new Node(e.getKey(), k, ordered("cvrSum", sum), sens));
        }
        double scale = 1 / (ir.hvr() * ir.hvr());
        return curvatureNode(sumCvr, sumAbs, acrossWithG(ks, ir.gamma(), true), scale, buckets);
    }

    // ------------------------------------------------------------------------------------------------------
    // FX

    private Node fxDelta(List<Agg> rows, boolean explain) {
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
            cr[i] = concentration(s, threshold);
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

    /**
     * FX vega (curvature = false) or curvature, by currency pair: a pair is one risk factor whatever its order
     * (GBPUSD and USDGBP are one). The vega risk is HVR × σ × vega and the curvature exposure SF(t) × σ × vega, σ
     * from the FX delta risk weight of the pair's two volatility groups.
     */
    private Node fxVega(List<Agg> rows, boolean curvature, boolean explain) {
        Fx fx = p.fx();
        Map<String, List<Agg>> byPair = group(rows, a -> pair(a));
        int n = byPair.size();
        double[] x = new double[n];
        double[] vcr = new double[n];
        List<Node> sens = new ArrayList<>();
        int i = 0;
        double sumAbs = 0;
        double sum = 0;
        for (var e : byPair.entrySet()) {
            String pair = e.getKey();
            String c1 = pair.substring(0, 3);
            String c2 = pair.substring(3);
            double sigma = volatility(RiskClass.FX, fx.riskWeight().get(fx.volGroup(c1)).get(fx.volGroup(c2)));
            double s = 0;
            double given = 0;
            for (Agg a : e.getValue()) {
                s += (curvature ? scaling(a) : fx.hvr()) * sigma * a.amount;
                given += a.amount;
            }
            if (curvature) {
                x[i] = s;
                vcr[i] = 1;
                sumAbs += Math.abs(s);
                if (explain) {
                    sens.add(new Node(pair, s, ordered("riskType", "Risk_FXVol", "cvr", s), List.of()));
                }
            } else {
                double threshold = fx.vegaThreshold().get(Fx.pairKey(fx.category(c1), fx.category(c2)));
                vcr[i] = concentration(s, threshold);
                x[i] = fx.vegaRw() * s * vcr[i];
                if (explain) {
                    sens.add(new Node(pair, x[i], vegaDetail(Kind.VEGA, "Risk_FXVol", given, s, sigma, fx.hvr(),
                            fx.vegaRw(), vcr[i], x[i]), List.of()));
                }
            }
            sum += x[i];
            i++;
        }
        double r = fx.vegaCorr();
        double k2 = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double c = a == b ? 1 : curvature ? r * r : r * Math.min(vcr[a], vcr[b]) / Math.max(vcr[a], vcr[b]);
                k2 += x[a] * x[b] * c;
            }
        }
        double k = Math.sqrt(Math.max(k2, 0));
        List<Node> bucket = List.of(new Node("FX", k, Map.of(), sens));
        return curvature ? curvatureNode(sum, sumAbs, k, 1, bucket) : new Node("vega", k, Map.of(), bucket);
    }

    /** The currency pair of a Risk_FXVol row in alphabetical order: GBPUSD for USDGBP, GBP/USD or gbpusd. */
    private static String pair(Agg a) {
        String q = a.qualifier.toUpperCase(Locale.ROOT).replace("/", "");
        if (q.length() != 6) {
            throw new SimmInputException(a.where() + ": Risk_FXVol Qualifier '" + a.qualifier
                    + "' is not a currency pair such as EURUSD");
        }
        String c1 = q.substring(0, 3);
        String c2 = q.substring(3);
        return c1.compareTo(c2) <= 0 ? c1 + c2 : c2 + c1;
    }

    // ------------------------------------------------------------------------------------------------------
    // bucketed risk classes: credit qualifying / non-qualifying, equity, commodity

    private enum Kind { DELTA, VEGA, CURVATURE }

    private Node bucketed(RiskClass rc, Bucketed bp, List<Agg> rows, Kind kind, boolean explain) {
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
            double sigma = volatility(rc, bp.riskWeight().get(b));
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
                double x = (kind == Kind.CURVATURE ? scaling(a) : 1) * scale * a.amount;
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
            netByQ.forEach((q, net) -> crByQ.put(q, kind == Kind.CURVATURE ? 1 : concentration(net, threshold)));
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
                    : ordered("weightedSum", sum, "riskWeight", rw, "thresholdUsd", shownThreshold(threshold));
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
        double t2 = 0;
        for (double[] x : ks) {
            for (double[] y : ks) {
                if (x == y) {
                    t2 += x[0] * x[0];
                } else {
                    double gamma = g[(int) x[2]][(int) y[2]];
                    t2 += (kind == Kind.CURVATURE ? gamma * gamma : gamma) * clamp(x) * clamp(y);
                }
            }
        }
        double nonRes = Math.sqrt(Math.max(t2, 0));
        if (kind != Kind.CURVATURE) {
            return new Node(kind == Kind.DELTA ? "delta" : "vega", nonRes + residual,
                    residual == 0 ? Map.of() : ordered("nonResidual", nonRes, "residual", residual), buckets);
        }
        double nonResCurv = ks.isEmpty() ? 0 : curvature(sumCvr, sumAbs, nonRes);
        double resCurv = hasResidual ? curvature(resCvr, resAbs, resK) : 0;
        return new Node("curvature", nonResCurv + resCurv, ordered("nonResidual", nonResCurv, "residual", resCurv,
                "lambda", lambda(theta(sumCvr, sumAbs))), buckets);
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
    private static Map<String, Object> vegaDetail(Kind kind, String riskType, double amountUsd, double vegaRisk,
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

    /**
     * σ = RW · sqrt(365 / days) / Φ⁻¹(quantile): the volatility of an equity, commodity or FX risk factor whose
     * delta risk weight is {@code rw} (SIMM v2.5 vega risk); 1 for the risk classes whose vega is given vol-weighted
     * (interest rate, credit).
     */
    private double volatility(RiskClass rc, double rw) {
        return switch (rc) {
            case Equity, Commodity, FX -> rw * Math.sqrt(365.0 / p.volatilityDays()) / volatilityQuantile;
            default -> 1;
        };
    }

    /**
     * K² of a bucket: Σ_k WS_k² + Σ_{k≠l} ρ_kl f_kl WS_k WS_l with ρ_kl = {@code same} when k and l share a
     * correlation group ({@code group}: the qualifier, or the Label2 group for credit non-qualifying) and
     * {@code diff} otherwise, and f_kl = min(CR_k, CR_l) / max(CR_k, CR_l). Written as
     * Σ WS² + diff·P(all) + (same − diff)·Σ_g P(g) with P(S) = Σ_{k≠l∈S} f_kl WS_k WS_l, each P one pass over the
     * factors sorted by concentration ({@link #pairs}), so the cost is O(n log n), not pair by pair.
     */
    static double intraBucket(double[] ws, double[] c, String[] group, double same, double diff) {
        int m = ws.length;
        double k2 = 0;
        for (double w : ws) {
            k2 += w * w;
        }
        Integer[] all = new Integer[m];
        for (int i = 0; i < m; i++) {
            all[i] = i;
        }
        k2 += diff * pairs(ws, c, all);
        if (!Double.isNaN(same) && same != diff) {
            Map<String, List<Integer>> byGroup = new HashMap<>();
            for (int i = 0; i < m; i++) {
                byGroup.computeIfAbsent(group[i], g -> new ArrayList<>()).add(i);
            }
            for (List<Integer> g : byGroup.values()) {
                if (g.size() > 1) {
                    k2 += (same - diff) * pairs(ws, c, g.toArray(new Integer[0]));
                }
            }
        }
        return k2;
    }

    /**
     * Σ_{k≠l} (min(c)/max(c)) w_k w_l over the factors {@code idx}: sorted by concentration,
     * Σ_{i<j} (c_i/c_j) w_i w_j = Σ_j (w_j/c_j) Σ_{i<j} c_i w_i, counted twice.
     */
    private static double pairs(double[] w, double[] c, Integer[] idx) {
        Arrays.sort(idx, (a, b) -> Double.compare(c[a], c[b]));
        double prefix = 0;
        double cross = 0;
        for (int j : idx) {
            cross += w[j] / c[j] * prefix;
            prefix += c[j] * w[j];
        }
        return 2 * cross;
    }

    /** {@code Residual} in any case → {@link SimmParameters#RESIDUAL}; {@code 01} → {@code 1}. */
    private static String normalBucket(String b) {
        if (b.equalsIgnoreCase(SimmParameters.RESIDUAL)) {
            return SimmParameters.RESIDUAL;
        }
        int i = 0;
        while (i < b.length() - 1 && b.charAt(i) == '0') {
            i++;
        }
        return b.substring(i);
    }

    private Node baseCorr(List<Agg> rows, boolean explain) {
        double rw = p.creditQ().baseCorrRw();
        double rho = p.creditQ().baseCorrCorr();
        double sum = 0;
        double sq = 0;
        List<Node> sens = new ArrayList<>();
        for (var e : group(rows, a -> a.qualifier).entrySet()) {
            double s = e.getValue().stream().mapToDouble(a -> a.amount).sum();
            double ws = rw * s;
            sum += ws;
            sq += ws * ws;
            if (explain) {
                sens.add(factorNode(e.getValue().get(0), "Risk_BaseCorr", s, rw, 1, ws));
            }
        }
        double k = Math.sqrt(Math.max(0, sq + rho * (sum * sum - sq)));
        return new Node("baseCorr", k, Map.of(), List.of(new Node("BaseCorr", k, Map.of(), sens)));
    }

    // ------------------------------------------------------------------------------------------------------
    // shared pieces

    /** Across buckets with the concentration ratio g_bc (IR): {k, weighted sum, concentration} per bucket. */
    private static double acrossWithG(List<double[]> ks, double gamma, boolean curvature) {
        double t2 = 0;
        for (double[] x : ks) {
            for (double[] y : ks) {
                if (x == y) {
                    t2 += x[0] * x[0];
                } else {
                    double g = curvature ? gamma * gamma : gamma * Math.min(x[2], y[2]) / Math.max(x[2], y[2]);
                    t2 += g * clamp(x) * clamp(y);
                }
            }
        }
        return Math.sqrt(Math.max(t2, 0));
    }

    /** S_b = max(min(Σ WS, K_b), −K_b). */
    private static double clamp(double[] b) {
        return Math.max(Math.min(b[1], b[0]), -b[0]);
    }

    private Node curvatureNode(double sumCvr, double sumAbs, double k, double scale, List<Node> buckets) {
        double theta = theta(sumCvr, sumAbs);
        double m = curvature(sumCvr, sumAbs, k) * scale;
        Map<String, Object> d = ordered("cvrSum", sumCvr, "theta", theta, "lambda", lambda(theta));
        if (scale != 1) {
            d.put("scale", scale);
        }
        return new Node("curvature", m, d, buckets);
    }

    /** max(Σ CVR + λ·K, 0) with θ = min(Σ CVR / Σ |CVR|, 0). */
    private double curvature(double sumCvr, double sumAbs, double k) {
        return Math.max(sumCvr + lambda(theta(sumCvr, sumAbs)) * k, 0);
    }

    private static double theta(double sumCvr, double sumAbs) {
        return sumAbs == 0 ? 0 : Math.min(sumCvr / sumAbs, 0);
    }

    private double lambda(double theta) {
        double z = Normal.inverse(p.curvatureQuantile());
        return (z * z - 1) * (1 + theta) - theta;
    }

    /**
     * Concentration risk factor max(1, sqrt(|net| / threshold)); 1 at a horizon whose calibration applies no
     * concentration risk (the 1-day one).
     */
    private double concentration(double net, double threshold) {
        return p.concentrationApplies() ? Math.max(1, Math.sqrt(Math.abs(net) / threshold)) : 1;
    }

    /** The threshold as shown in the explanation: none (null) when concentration risk does not apply. */
    private Double shownThreshold(double threshold) {
        return p.concentrationApplies() ? threshold : null;
    }

    /** SF(t) = 0.5 · min(1, D / t) for a vol sensitivity of expiry Label1 (t in calendar days). */
    private double scaling(Agg a) {
        double days = days(a.label1);
        if (Double.isNaN(days)) {
            throw new SimmInputException(a.where() + ": " + a.riskType + " Label1 '" + a.label1
                    + "' is not a tenor such as 2w, 6m, 10y");
        }
        return 0.5 * Math.min(1, p.curvatureScalingDays() / days);
    }

    /** Calendar days of a tenor label: Nw = 7N, Nm = 365N/12, Ny = 365N; NaN when not a tenor. */
    static double days(String label) {
        if (label.length() < 2) {
            return Double.NaN;
        }
        double n;
        try {
            n = Double.parseDouble(label.substring(0, label.length() - 1));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        return switch (label.charAt(label.length() - 1)) {
            case 'w' -> 7 * n;
            case 'm' -> 365.0 / 12 * n;
            case 'y' -> 365 * n;
            default -> Double.NaN;
        };
    }

    private static Node factorNode(Agg a, String riskType, double s, double rw, double cr, double ws) {
        return new Node(label(a), ws, ordered("riskType", riskType, "amountUsd", s, "riskWeight", rw,
                "concentration", cr, "weighted", ws), List.of());
    }

    private static String label(Agg a) {
        return join(a.qualifier, a.label1, a.label2);
    }

    /** The non-empty parts, space-separated. */
    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String x : parts) {
            if (!x.isEmpty()) {
                b.append(b.length() == 0 ? "" : " ").append(x);
            }
        }
        return b.toString();
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static <K> Map<K, List<Agg>> group(Collection<Agg> rows, java.util.function.Function<Agg, K> key) {
        Map<K, List<Agg>> m = new TreeMap<>();
        for (Agg a : rows) {
            m.computeIfAbsent(key.apply(a), k -> new ArrayList<>()).add(a);
        }
        return m;
    }
}
