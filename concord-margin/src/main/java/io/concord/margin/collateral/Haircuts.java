package io.concord.margin.collateral;

import io.concord.margin.Explain;
import io.concord.margin.MarketContext;
import io.concord.margin.Param;
import io.concord.margin.MaturityLadder;
import io.concord.margin.collateral.HaircutParameters.Cap;
import io.concord.margin.collateral.HaircutParameters.Regime;
import io.concord.model.CollateralLine;
import io.concord.model.SegregationClass;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Values an account's collateral after haircuts by the regime of its segregation class: the SEC 15c3-1 ladder,
 * a clearing-house schedule, or BCBS-IOSCO for uncleared margin (with the add-on for a currency mismatch).
 * Tokenized assets take their underlying's haircut plus settlement-lag and custody add-ons; stablecoins and
 * crypto follow the policy rows of each regime; concentration caps apply after haircuts; a line that is not
 * eligible counts zero and says why.
 */
public final class Haircuts {

    private static final String TOKENIZED = "COLLATERAL/TOKENIZED/";
    private static final String TREASURY = "COLLATERAL/TREASURY/";

    private final HaircutParameters params;

    public Haircuts(HaircutParameters params) {
        this.params = params;
    }

    /** A line being valued. */
    private static final class Line {
        final CollateralLine line;
        Double usd;
        double haircut;
        double post;
        boolean counted;
        final List<String> basis = new ArrayList<>();

        Line(CollateralLine line) {
            this.line = line;
        }
    }

    public CollateralSummary value(SegregationClass segregationClass, List<CollateralLine> lines, MarketContext market) {
        Regime regime = params.regimes().get(params.bySegregationClass().get(segregationClass));
        List<Line> valued = new ArrayList<>();
        for (CollateralLine c : lines) {
            Line l = new Line(c);
            valued.add(l);
            try {
                haircut(l, regime, market);
            } catch (MarketContext.Missing e) {
                l.counted = false;
                l.basis.add("not counted: " + e.getMessage());
            }
        }
        applyCaps(regime, valued);
        double mv = 0;
        double post = 0;
        List<CollateralValuation> out = new ArrayList<>();
        for (Line l : valued) {
            mv += l.usd == null ? 0 : l.usd;
            post += l.counted ? l.post : 0;
            CollateralLine c = l.line;
            out.add(new CollateralValuation(c.assetClass(), asset(c), c.direction() == null ? null : c.direction().name(),
                    c.purpose() == null ? null : c.purpose().name(), c.currency(),
                    l.usd == null ? null : Explain.usd(l.usd), l.counted ? pct(l.haircut) : null,
                    Explain.usd(l.counted ? l.post : 0), l.counted, String.join("; ", l.basis),
                    c.lineage() == null ? null : c.lineage().file(), c.lineage() == null ? null : c.lineage().location()));
        }
        return new CollateralSummary(Explain.usd(mv), Explain.usd(post), out);
    }

    private void haircut(Line l, Regime regime, MarketContext market) {
        CollateralLine c = l.line;
        l.basis.add("regime " + regime.name() + " (segregation class " + c.segregationClass() + ")");
        double local;
        if (c.marketValue() != null) {
            local = c.marketValue().doubleValue();
        } else if (c.quantity() != null && c.price() != null) {
            local = c.quantity().doubleValue() * c.price().doubleValue();
            l.basis.add("market value = quantity × price");
        } else {
            throw new MarketContext.Missing("the line has no market value and no quantity and price");
        }
        MarketContext.Quote fx = market.fxToUsd(c.currency());
        l.usd = local * fx.value();
        if (!"USD".equals(c.currency())) {
            l.basis.add(fx.basis());
        }
        if (c.purpose() == null || !params.countedPurposes().contains(c.purpose().name())) {
            throw new MarketContext.Missing("purpose " + c.purpose() + " does not cover an initial-margin requirement "
                    + "(collateral.yaml countedPurposes " + params.countedPurposes() + ")");
        }
        if (c.assetClass() == null) {
            throw new MarketContext.Missing("the line has no collateral asset class");
        }
        String cls = c.assetClass();
        boolean tokenized = cls.startsWith(TOKENIZED);
        String base = tokenized ? params.tokenizedUnderlying().get(cls) : cls;
        if (base == null) {
            throw new MarketContext.Missing("collateral.yaml names no underlying asset class for " + cls);
        }
        String why = regime.ineligible().getOrDefault(cls, regime.ineligible().get(base));
        if (why != null) {
            throw new MarketContext.Missing("not eligible under " + regime.name() + ": " + why);
        }
        double h;
        if (base.startsWith(TREASURY) && !regime.treasuryLadder().isEmpty()) {
            Param years = params.treasuryMaturity().get(base);
            if (years == null) {
                throw new MarketContext.Missing("collateral.yaml treasuryMaturity has no entry for " + base);
            }
            MaturityLadder.Band band = regime.treasuryLadder().band(years.value());
            h = band.rate().value();
            l.basis.add("residual maturity not on the line: " + years.cite() + " years assumed for " + base
                    + "; ladder band " + band.describe() + " (a maturity at a band's bound takes the longer band: "
                    + "the rule's bands read \"... but less than ...\") haircut " + band.rate().cite());
        } else {
            Param p = regime.haircuts().get(base);
            if (p == null) {
                throw new MarketContext.Missing("not eligible under " + regime.name() + ": no haircut for " + base);
            }
            h = p.value();
            l.basis.add((tokenized ? "underlying " + base + " " : "") + "haircut " + p.cite());
        }
        if (tokenized) {
            Param custody = c.custodyModel() == null ? null : params.custodyAddOns().get(c.custodyModel());
            if (custody == null) {
                throw new MarketContext.Missing("tokenized asset with custody model " + c.custodyModel()
                        + " has no custody add-on in collateral.yaml (known: " + params.custodyAddOns().keySet() + ")");
            }
            h += params.settlementLagAddOn().value() + custody.value();
            l.basis.add("tokenized" + (c.chain() == null ? "" : " on " + c.chain()) + ": settlement-lag add-on "
                    + params.settlementLagAddOn().cite() + ", custody add-on " + custody.cite());
        }
        if (regime.currencyMismatch() != null && !"USD".equals(c.currency())) {
            h += regime.currencyMismatch().value();
            l.basis.add("currency mismatch (" + c.currency() + " against USD) add-on " + regime.currencyMismatch().cite());
        }
        l.haircut = Math.min(1, h);
        l.post = l.usd * (1 - l.haircut);
        l.counted = true;
    }

    /**
     * Concentration caps on the post-cap total: the capped classes may make up at most {@code maxShare} of the
     * collateral counted after all caps, so a capped group G and the rest R satisfy G ≤ share × (G + R), i.e.
     * G ≤ share / (1 − share) × R. With several caps each cap's rest shrinks as the others bind, so the caps are
     * applied again until none binds (each pass only lowers values; it stops when a pass changes nothing).
     */
    private static void applyCaps(Regime regime, List<Line> lines) {
        if (regime.caps().isEmpty()) {
            return;
        }
        double[] scaleOf = new double[lines.size()];
        java.util.Arrays.fill(scaleOf, 1);
        for (int pass = 0; pass < 100; pass++) {
            boolean changed = false;
            for (Cap cap : regime.caps()) {
                double group = 0;
                double rest = 0;
                for (Line l : lines) {
                    if (!l.counted) {
                        continue;
                    }
                    if (cap.assetClasses().contains(l.line.assetClass())) {
                        group += l.post;
                    } else {
                        rest += l.post;
                    }
                }
                double share = cap.maxShare().value();
                double limit = share >= 1 ? Double.MAX_VALUE : share / (1 - share) * rest;
                if (group > limit * (1 + 1e-12) && group > 0) {
                    double scale = limit / group;
                    for (int i = 0; i < lines.size(); i++) {
                        Line l = lines.get(i);
                        if (l.counted && cap.assetClasses().contains(l.line.assetClass())) {
                            l.post *= scale;
                            scaleOf[i] *= scale;
                        }
                    }
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        double total = lines.stream().filter(l -> l.counted).mapToDouble(l -> l.post).sum();
        for (Cap cap : regime.caps()) {
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                if (l.counted && scaleOf[i] < 1 && cap.assetClasses().contains(l.line.assetClass())) {
                    l.basis.add("cap " + cap.id() + ": " + cap.assetClasses() + " count at most " + cap.maxShare().cite()
                            + " of the account's collateral after haircuts and caps " + Explain.fixed(total, 2)
                            + " (solved on the post-cap total: capped ≤ share / (1 − share) × the rest"
                            + (scaleOf[i] == 0 ? "; the account has no other counted collateral, so these classes "
                            + "cannot be within their share of it and count 0" : "") + "); scaled by "
                            + Explain.fixed(scaleOf[i], 6));
                }
            }
        }
    }

    private static BigDecimal pct(double fraction) {
        return BigDecimal.valueOf(fraction * 100).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private static String asset(CollateralLine c) {
        var ids = c.assetIds();
        if (ids == null) {
            return c.currency();
        }
        if (ids.isin() != null) {
            return ids.isin();
        }
        if (ids.cusip() != null) {
            return ids.cusip();
        }
        if (ids.dti() != null) {
            return ids.dti();
        }
        return ids.currency() != null ? ids.currency() : c.currency();
    }
}
