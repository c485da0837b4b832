package io.concord.margin.sec;

import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginSilo;
import io.concord.margin.MarketContext;
import io.concord.margin.Positions;
import io.concord.margin.Revaluation;
import io.concord.margin.SiloResult;
import io.concord.margin.Unmargined;
import io.concord.margin.sec.PortfolioMarginParameters.Choice;
import io.concord.margin.sec.PortfolioMarginParameters.ProductGroup;
import io.concord.margin.sec.PortfolioMarginParameters.Range;
import io.concord.model.Position;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SEC portfolio margin, FINRA Rule 4210(g) with OCC TIMS-style revaluation. Positions are grouped by underlying
 * (class group = risk factor) and revalued at equally spaced points across the class group's scan range; gains
 * offset losses fully within a class group and at the product group's percentage across class groups; the
 * requirement of a class group is at least the per-contract minimum.
 */
public final class PortfolioMargin implements MarginSilo {

    public static final String ID = "SEC_PM";

    private final PortfolioMarginParameters params;

    public PortfolioMargin(PortfolioMarginParameters params) {
        this.params = params;
    }

    @Override
    public String id() {
        return ID;
    }

    /** A class group's profit or loss at each valuation point, its worst loss and its minimum. */
    record ClassGroup(String riskFactor, Range range, double[] moves, double[] pnl, List<Revaluation> positions,
                      String rangeSource) {
        int worstPoint() {
            int w = 0;
            for (int i = 1; i < pnl.length; i++) {
                if (pnl[i] < pnl[w]) {
                    w = i;
                }
            }
            return w;
        }

        double loss() {
            return Math.max(0, -pnl[worstPoint()]);
        }
    }

    @Override
    public SiloResult margin(MarginAccount account, List<Position> positions, MarketContext market) {
        List<Unmargined> unmargined = new ArrayList<>();
        Map<String, List<Revaluation>> byRiskFactor = new LinkedHashMap<>();
        for (Position p : positions) {
            try {
                byRiskFactor.computeIfAbsent(p.product().riskFactor(), k -> new ArrayList<>())
                        .add(new Revaluation(p, market));
            } catch (MarketContext.Missing e) {
                unmargined.add(Unmargined.of(ID, p, e.getMessage()));
            }
        }
        Map<String, ClassGroup> groups = new LinkedHashMap<>();
        byRiskFactor.forEach((rf, revs) -> {
            Choice choice = params.riskFactorRanges().get(rf);
            if (choice == null) {
                List<Choice> fam = revs.stream().map(r -> params.familyRanges().get(Positions.family(r.position.product().taxonomy()))).distinct()
                        .toList();
                if (fam.contains(null) || fam.stream().map(Choice::range).distinct().count() != 1) {
                    String why = fam.contains(null)
                            ? "sec-pm.yaml has no scan range for families " + revs.stream()
                            .map(r -> Positions.family(r.position.product().taxonomy())).filter(f -> params.familyRanges().get(f) == null)
                            .distinct().toList()
                            : "class group " + rf + " mixes scan ranges " + fam.stream().map(Choice::range).distinct()
                            .toList() + "; name its range under riskFactors in sec-pm.yaml";
                    revs.forEach(r -> unmargined.add(Unmargined.of(ID, r.position, why)));
                    return;
                }
                choice = fam.get(0);
            }
            groups.put(rf, classGroup(rf, params.ranges().get(choice.range()), choice.source(), revs));
        });

        List<Explain> children = new ArrayList<>();
        double total = 0;
        Map<String, ClassGroup> left = new LinkedHashMap<>(groups);
        for (ProductGroup pg : params.productGroups()) {
            List<ClassGroup> members = new ArrayList<>();
            for (String cg : pg.classGroups()) {
                ClassGroup g = left.remove(cg);
                if (g != null) {
                    members.add(g);
                }
            }
            if (members.size() == 1) {
                left.put(members.get(0).riskFactor(), members.get(0));
            } else if (!members.isEmpty()) {
                Explain e = productGroup(pg, members);
                total += e.amount().doubleValue();
                children.add(e);
            }
        }
        for (ClassGroup g : left.values()) {
            Explain e = classGroupExplain(g);
            total += e.amount().doubleValue();
            children.add(e);
        }
        Explain root = Explain.of(ID + " requirement", total, "FINRA Rule 4210(g) portfolio margin: sum over product "
                + "groups and stand-alone class groups of max(worst loss over the valuation points, minimum per "
                + "contract)", children);
        return new SiloResult(ID, root, unmargined);
    }

    ClassGroup classGroup(String rf, Range range, String rangeSource, List<Revaluation> revs) {
        int n = (int) params.pointsPerSide().value();
        double[] moves = new double[2 * n];
        for (int i = 0; i < n; i++) {
            moves[i] = range.down().value() * (n - i) / n;
            moves[n + i] = range.up().value() * (i + 1) / n;
        }
        double[] pnl = new double[moves.length];
        for (Revaluation r : revs) {
            for (int i = 0; i < moves.length; i++) {
                pnl[i] += r.pnl(moves[i]);
            }
        }
        return new ClassGroup(rf, range, moves, pnl, revs, rangeSource);
    }

    private double minimum(ClassGroup g) {
        double m = 0;
        for (Revaluation r : g.positions()) {
            m += r.contracts() * r.multiplier * params.minimumPerContract().value();
        }
        return m;
    }

    private Explain classGroupExplain(ClassGroup g) {
        double loss = g.loss();
        double min = minimum(g);
        List<Explain> kids = new ArrayList<>();
        kids.add(worstPoint(g));
        kids.add(Explain.leaf("minimum", min, "$" + params.minimumPerContract().cite()
                + " × multiplier per option or security-future contract"));
        return Explain.of("class group " + g.riskFactor(), Math.max(loss, min), "max(worst loss, minimum); range "
                + g.range().name() + " " + g.range().down().cite() + " / " + g.range().up().cite() + " chosen by "
                + g.rangeSource() + "; " + params.pointsPerSide().cite() + " points per side; P&L by point "
                + points(g), kids);
    }

    private Explain worstPoint(ClassGroup g) {
        int w = g.worstPoint();
        double move = g.moves()[w];
        List<Explain> kids = new ArrayList<>();
        for (Revaluation r : g.positions()) {
            kids.add(Explain.leaf(Positions.describe(r.position), r.pnl(move), r.basis));
        }
        return Explain.of("worst loss: underlying " + pct(move), g.loss(), "loss at the worst valuation point "
                + "(gains and losses of the class group's positions offset 100 %)", kids);
    }

    private Explain productGroup(ProductGroup pg, List<ClassGroup> members) {
        int points = members.get(0).pnl().length;
        double worst = 0;
        int worstAt = 0;
        for (int i = 0; i < points; i++) {
            double net = 0;
            for (ClassGroup g : members) {
                double v = g.pnl()[i];
                net += v < 0 ? v : pg.offset().value() * v;
            }
            if (net < worst) {
                worst = net;
                worstAt = i;
            }
        }
        double min = 0;
        List<Explain> kids = new ArrayList<>();
        for (ClassGroup g : members) {
            min += minimum(g);
            kids.add(classGroupExplain(g));
        }
        double req = Math.max(-worst, min);
        return Explain.of("product group " + pg.name(), req, "max(worst combined loss, sum of class-group minimums "
                + Explain.fixed(min, 2) + "); combined loss at valuation point " + (worstAt + 1) + " = losses + "
                + pg.offset().cite() + " × gains of the other class groups (class-group amounts below stand alone)",
                kids);
    }

    private static String points(ClassGroup g) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < g.moves().length; i++) {
            sb.append(i == 0 ? "" : ", ").append(pct(g.moves()[i])).append(": ")
                    .append(Explain.fixed(g.pnl()[i], 2));
        }
        return sb.toString();
    }

    static String pct(double move) {
        return String.format("%+.1f%%", move * 100);
    }
}
