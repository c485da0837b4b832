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
    static final class ClassGroup {
        final String riskFactor;
        final Range range;
        final double[] moves;
        final double[] pnl;
        final List<Revaluation> positions;
        final String rangeSource;
        /** The concentration add-on's node, null when the group is not concentrated. */
        Explain concentration;

        ClassGroup(String riskFactor, Range range, double[] moves, double[] pnl, List<Revaluation> positions,
                   String rangeSource) {
            this.riskFactor = riskFactor;
            this.range = range;
            this.moves = moves;
            this.pnl = pnl;
            this.positions = positions;
            this.rangeSource = rangeSource;
        }

        String riskFactor() {
            return riskFactor;
        }

        Range range() {
            return range;
        }

        double[] moves() {
            return moves;
        }

        double[] pnl() {
            return pnl;
        }

        List<Revaluation> positions() {
            return positions;
        }

        String rangeSource() {
            return rangeSource;
        }

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

        /** Gross value of the underlying the group's positions carry: Σ |quantity × multiplier × underlying|. */
        double grossValue() {
            double v = 0;
            for (Revaluation r : positions) {
                v += Math.abs(r.netQty * r.multiplier * r.underlyingPrice());
            }
            return v;
        }
    }

    /** A position's revaluation: American-style listed options by the binomial tree, the rest in closed form. */
    private Revaluation revaluation(Position p, MarketContext market) {
        var pr = p.product();
        if (pr.putCall() == null || pr.regime() != io.concord.model.Regime.LISTED_OPTION) {
            return new Revaluation(p, market);
        }
        String fromFeed = pr.terms().get("exerciseStyle");
        PortfolioMarginParameters.Style style;
        if (fromFeed != null) {
            if (!fromFeed.equals("AMERICAN") && !fromFeed.equals("EUROPEAN")) {
                throw new MarketContext.Missing("terms.exerciseStyle must be AMERICAN or EUROPEAN, got '" + fromFeed
                        + "'");
            }
            style = new PortfolioMarginParameters.Style(fromFeed.equals("AMERICAN"), "terms.exerciseStyle from the feed");
        } else {
            style = params.exerciseStyles().get(Positions.family(pr.taxonomy()));
            if (style == null) {
                throw new MarketContext.Missing("sec-pm.yaml exerciseStyles has no style for "
                        + Positions.family(pr.taxonomy()) + " and the feed gives no terms.exerciseStyle");
            }
        }
        return style.american() ? new Revaluation(p, market, (int) params.binomialSteps().value(), style.source())
                : new Revaluation(p, market);
    }

    /**
     * The concentration add-on (FINRA 4210(g)(8)(B), parameters in sec-pm.yaml): a class group of the listed
     * families carrying at least the configured share of the account's gross underlying value, and at least the
     * minimum value, is revalued at ± the configured move; the add-on is what its worst loss there exceeds the
     * group's requirement by. Null when the group is not concentrated.
     */
    private Explain concentration(ClassGroup g, double accountGross) {
        PortfolioMarginParameters.Concentration c = params.concentration();
        if (c == null || accountGross <= 0 || g.positions().isEmpty()) {
            return null;
        }
        String family = Positions.family(g.positions().get(0).position.product().taxonomy());
        double value = g.grossValue();
        double share = value / accountGross;
        if (!c.families().contains(family) || share < c.share().value() || value < c.minimumValue().value()) {
            return null;
        }
        double down = 0;
        double up = 0;
        for (Revaluation r : g.positions()) {
            down += r.pnl(-c.move().value());
            up += r.pnl(c.move().value());
        }
        double stress = Math.max(0, -Math.min(down, up));
        double base = Math.max(g.loss(), minimum(g));
        return Explain.leaf("concentration add-on", Math.max(0, stress - base), "class group " + g.riskFactor()
                + " carries " + Explain.fixed(share * 100, 1) + " % of the account's gross underlying value "
                + Explain.fixed(value, 2) + " (share " + c.share().cite() + ", minimum " + c.minimumValue().cite()
                + "): revalued at ± " + c.move().cite() + ": " + Explain.fixed(down, 2) + " / " + Explain.fixed(up, 2)
                + "; add-on = worst loss " + Explain.fixed(stress, 2) + " − requirement " + Explain.fixed(base, 2)
                + ", floored at 0");
    }

    @Override
    public SiloResult margin(MarginAccount account, List<Position> positions, MarketContext market) {
        List<Unmargined> unmargined = new ArrayList<>();
        Map<String, List<Revaluation>> byRiskFactor = new LinkedHashMap<>();
        for (Position p : positions) {
            try {
                byRiskFactor.computeIfAbsent(p.product().riskFactor(), k -> new ArrayList<>())
                        .add(revaluation(p, market));
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
        double gross = 0;
        for (ClassGroup g : groups.values()) {
            gross += g.grossValue();
        }
        for (ClassGroup g : groups.values()) {
            g.concentration = concentration(g, gross);
        }
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

    /**
     * $0.375 × multiplier per option or security-future contract (FINRA 4210(g)(2)(F)(ii)), a long option's not
     * above its market value (the reported price, else its theoretical value).
     */
    private double minimum(ClassGroup g) {
        double m = 0;
        double rate = params.minimumPerContract().value();
        for (Revaluation r : g.positions()) {
            if (r.contracts() == 0) {
                continue;
            }
            double perContract = rate * r.multiplier;
            double longs = r.position.longQty().doubleValue();
            double shorts = r.position.shortQty().doubleValue();
            if (r.option && longs > 0) {
                double value = (r.position.price() != null ? r.position.price().doubleValue() : r.theoreticalValue())
                        * r.multiplier;
                m += longs * Math.min(perContract, value) + shorts * perContract;
            } else {
                m += (longs + shorts) * perContract;
            }
        }
        return m;
    }

    private Explain classGroupExplain(ClassGroup g) {
        double loss = g.loss();
        double min = minimum(g);
        List<Explain> kids = new ArrayList<>();
        kids.add(worstPoint(g));
        kids.add(Explain.leaf("minimum", min, "$" + params.minimumPerContract().cite()
                + " × multiplier per option or security-future contract, a long option's at most its market value"));
        double addOn = 0;
        if (g.concentration != null) {
            kids.add(g.concentration);
            addOn = g.concentration.amount().doubleValue();
        }
        return Explain.of("class group " + g.riskFactor(), Math.max(loss, min) + addOn, "max(worst loss, minimum)"
                + (g.concentration == null ? "" : " + concentration add-on") + "; range "
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
        double addOns = 0;
        List<Explain> kids = new ArrayList<>();
        for (ClassGroup g : members) {
            min += minimum(g);
            addOns += g.concentration == null ? 0 : g.concentration.amount().doubleValue();
            kids.add(classGroupExplain(g));
        }
        double req = Math.max(-worst, min) + addOns;
        return Explain.of("product group " + pg.name(), req, "max(worst combined loss, sum of class-group minimums "
                + Explain.fixed(min, 2) + ")" + (addOns > 0 ? " + concentration add-ons " + Explain.fixed(addOns, 2)
                : "") + "; combined loss at valuation point " + (worstAt + 1) + " = losses + "
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
