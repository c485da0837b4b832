package io.concord.margin.harmonized;

import io.concord.margin.Explain;
import io.concord.margin.harmonized.Harmonized.Offset;
import io.concord.margin.harmonized.HarmonizedParameters.Kind;
import io.concord.model.PutCall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.concord.margin.harmonized.HarmonizedMargin.money;

/**
 * The joint revaluation of a portfolio's joined exposures: per shared risk factor, every exposure is revalued at
 * equally spaced points across the joint scan range (the widest of its members' silo ranges on each side); the
 * factor's requirement is the worst loss, at least the sum of the per-contract minimums (SPAN's short option minimum
 * per combined commodity on the greater of the short calls and the short puts). Configured credits then
 * offset pairs of factors whose exposures run opposite ways.
 */
final class JointScan {

    /** One factor's joint scan. */
    private record FactorScan(String factor, double down, double up, double[] moves, double[] vols, double[] pnl,
                              double charge,
                              double direction, Map<String, Double> standalone, List<Exposure> exposures,
                              String rangeBasis) {
    }

    private final HarmonizedParameters params;
    private final Map<String, FactorScan> scans = new TreeMap<>();
    private final List<Offset> offsets = new ArrayList<>();
    private final List<Explain> creditNodes = new ArrayList<>();
    private double requirement;

    JointScan(HarmonizedParameters params, List<Exposure> exposures) {
        this.params = params;
        Map<String, List<Exposure>> byFactor = new TreeMap<>();
        exposures.forEach(e -> byFactor.computeIfAbsent(e.factor(), k -> new ArrayList<>()).add(e));
        byFactor.forEach((f, es) -> scans.put(f, scan(f, es)));
        Map<String, Double> left = new LinkedHashMap<>();
        scans.forEach((f, s) -> {
            left.put(f, s.charge());
            requirement += s.charge();
            double parts = s.standalone().values().stream().mapToDouble(Double::doubleValue).sum();
            if (s.standalone().size() > 1 && parts - s.charge() > 0.005) {
                offsets.add(new Offset("CROSS_SILO", List.of(f), List.copyOf(s.standalone().keySet()),
                        Explain.usd(parts - s.charge()), "standalone requirements on " + f + " over the joint range "
                        + s.standalone().entrySet().stream().map(e -> e.getKey() + " " + money(e.getValue())).toList()
                        + " against their joint requirement " + money(s.charge())));
            }
        });
        for (HarmonizedParameters.Offset o : params.offsets()) {
            FactorScan a = scans.get(o.a());
            FactorScan b = scans.get(o.b());
            if (a == null || b == null || a.direction() * b.direction() >= 0) {
                continue;
            }
            double spread = Math.min(left.get(o.a()), left.get(o.b()));
            double credit = o.credit().value() * spread;
            if (credit <= 0) {
                continue;
            }
            left.merge(o.a(), -spread, Double::sum); // the spread is used up on both legs, as in SPAN
            left.merge(o.b(), -spread, Double::sum);
            requirement -= credit;
            TreeSet<String> silos = new TreeSet<>(a.standalone().keySet());
            silos.addAll(b.standalone().keySet());
            String basis = o.credit().cite() + " × min(" + o.a() + " " + money(a.charge()) + ", " + o.b() + " "
                    + money(b.charge()) + " not yet spread); their exposures run opposite ways";
            offsets.add(new Offset("CROSS_FACTOR", List.of(o.a(), o.b()), List.copyOf(silos), Explain.usd(credit),
                    basis));
            creditNodes.add(Explain.of("credit " + o.a() + " v " + o.b(), -credit, basis, List.of()));
        }
    }

    private FactorScan scan(String factor, List<Exposure> es) {
        double down = 0;
        double up = 0;
        List<String> basis = new ArrayList<>();
        for (Exposure e : es) {
            if (!Double.isNaN(e.down()) && e.down() > down) {
                down = e.down();
            }
            if (!Double.isNaN(e.up()) && e.up() > up) {
                up = e.up();
            }
            if (!e.rangeBasis().isEmpty() && !basis.contains(e.rangeBasis())) {
                basis.add(e.rangeBasis());
            }
        }
        HarmonizedParameters.Factor configured = params.factors().get(factor);
        if (configured != null && configured.scanDown() != null) {
            // a configured range applies where it is wider than the silos': never laxer than a silo
            down = Math.max(down, configured.scanDown().value());
            up = Math.max(up, configured.scanUp().value());
            basis.add("configured " + configured.scanDown().cite() + " / " + configured.scanUp().cite());
        }
        int n = (int) params.pointsPerSide().value();
        double vol = es.stream().mapToDouble(Exposure::volShift).max().orElse(0);
        double[] shifts = vol > 0 ? new double[] {0, vol, -vol} : new double[] {0};
        double[] moves = new double[2 * n * shifts.length];
        double[] vols = new double[moves.length];
        for (int j = 0; j < shifts.length; j++) {
            for (int i = 0; i < n; i++) {
                moves[j * 2 * n + i] = -down * (n - i) / n;
                moves[j * 2 * n + n + i] = up * (i + 1) / n;
            }
            java.util.Arrays.fill(vols, j * 2 * n, (j + 1) * 2 * n, shifts[j]);
        }
        if (vol > 0) {
            basis.add("options also revalued with volatility ± " + vol + " (the widest SPAN volatility scan range)");
        }
        Map<String, List<Exposure>> byBook = new TreeMap<>();
        es.forEach(e -> byBook.computeIfAbsent(e.book(), k -> new ArrayList<>()).add(e));
        Map<String, Double> standalone = new TreeMap<>();
        byBook.forEach((b, list) -> standalone.put(b, charge(pnl(list, moves, vols), list)));
        double[] pnl = pnl(es, moves, vols);
        // direction: P&L at the top of the range against the bottom, volatility unchanged
        return new FactorScan(factor, down, up, moves, vols, pnl, charge(pnl, es), pnl[2 * n - 1] - pnl[0],
                standalone, es, String.join("; ", basis));
    }

    private static double[] pnl(List<Exposure> es, double[] moves, double[] vols) {
        double[] pnl = new double[moves.length];
        for (Exposure e : es) {
            for (int i = 0; i < moves.length; i++) {
                pnl[i] += e.pnl().applyAsDouble(moves[i], vols[i]);
            }
        }
        return pnl;
    }

    private static double charge(double[] pnl, List<Exposure> es) {
        double worst = 0;
        for (double v : pnl) {
            worst = Math.max(worst, -v);
        }
        return Math.max(worst, minimums(es));
    }

    /**
     * The exposures' minimums: each one's own, except SPAN short options, whose short option minimum is charged per
     * combined commodity on the greater of the short calls and the short puts (CME Clearing Advisory 99-65), as the
     * SPAN silo charges it.
     */
    static double minimums(List<Exposure> es) {
        double sum = 0;
        Map<String, double[]> pools = new TreeMap<>();
        for (Exposure e : es) {
            if (e.minimumPool() == null) {
                sum += e.minimum();
            } else {
                pools.computeIfAbsent(e.minimumPool(), k -> new double[2])[e.minimumSide() == PutCall.CALL ? 0 : 1]
                        += e.minimum();
            }
        }
        for (double[] callsPuts : pools.values()) {
            sum += Math.max(callsPuts[0], callsPuts[1]);
        }
        return sum;
    }

    double requirement() {
        return Math.max(0, requirement);
    }

    List<Offset> offsets() {
        return offsets;
    }

    List<String> factors() {
        return List.copyOf(scans.keySet());
    }

    List<String> books() {
        TreeSet<String> b = new TreeSet<>();
        scans.values().forEach(s -> b.addAll(s.standalone().keySet()));
        return List.copyOf(b);
    }

    Explain explain() {
        List<Explain> kids = new ArrayList<>();
        for (FactorScan s : scans.values()) {
            int w = 0;
            for (int i = 1; i < s.pnl().length; i++) {
                if (s.pnl()[i] < s.pnl()[w]) {
                    w = i;
                }
            }
            double move = s.moves()[w];
            double vol = s.vols()[w];
            List<Explain> legs = new ArrayList<>();
            for (Exposure e : s.exposures()) {
                legs.add(Explain.leaf(e.label() + " [" + e.book() + "]", e.pnl().applyAsDouble(move, vol),
                        e.pnlBasis()));
            }
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.moves().length; i++) {
                points.append(i == 0 ? "" : ", ").append(point(s.factor(), s.moves()[i], s.vols()[i])).append(": ")
                        .append(Explain.fixed(s.pnl()[i], 2));
            }
            kids.add(Explain.of("risk factor " + s.factor(), s.charge(), "max(worst loss over the joint range −"
                    + unit(s.factor(), s.down()).replace("+", "") + " / " + unit(s.factor(), s.up()) + ", sum of "
                    + "per-contract minimums, a SPAN combined commodity's short option minimum on the greater of its short "
                    + "calls and short puts " + money(minimums(s.exposures())) + "); range = widest of: " + s.rangeBasis() + "; P&L by point " + points
                    + "; worst at " + point(s.factor(), move, vol), legs));
        }
        kids.addAll(creditNodes);
        return Explain.of("joint requirement of the joined positions", requirement(), "sum over shared risk "
                + "factors of their joint requirement, less credits between factors", kids);
    }

    private String point(String factor, double move, double vol) {
        return unit(factor, move) + (vol == 0 ? "" : String.format(Locale.ROOT, " vol %+.3f", vol));
    }

    private String unit(String factor, double move) {
        HarmonizedParameters.Factor f = params.factors().get(factor);
        boolean price = f != null && f.kind() == Kind.PRICE;
        return price ? String.format(Locale.ROOT, "%+.2f%%", move * 100) : String.format(Locale.ROOT, "%+.1fbp", move);
    }
}
