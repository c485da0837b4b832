package io.concord.margin.harmonized;

import io.concord.margin.Explain;
import io.concord.margin.MarketContext;
import io.concord.margin.MarketData;
import io.concord.margin.MarginAccount;
import io.concord.margin.Param;
import io.concord.margin.Positions;
import io.concord.margin.Revaluation;
import io.concord.margin.cftc.SpanMargin;
import io.concord.margin.cftc.SpanParameters;
import io.concord.margin.cftc.SpanParameters.CombinedCommodity;
import io.concord.margin.harmonized.HarmonizedParameters.CreditIndex;
import io.concord.margin.harmonized.HarmonizedParameters.Factor;
import io.concord.margin.harmonized.HarmonizedParameters.Kind;
import io.concord.margin.harmonized.HarmonizedParameters.TreasuryFuture;
import io.concord.margin.schedule.ScheduleMargin;
import io.concord.margin.schedule.ScheduleParameters;
import io.concord.margin.sec.PortfolioMargin;
import io.concord.margin.sec.PortfolioMarginParameters;
import io.concord.margin.sec.StrategyMargin;
import io.concord.margin.sec.StrategyParameters;
import io.concord.model.CollateralLine;
import io.concord.model.Position;
import io.concord.model.Product;
import io.concord.model.Regime;

import java.util.ArrayList;
import java.util.List;

import static io.concord.margin.Positions.fmt;

/**
 * Turns a position into its exposures on shared risk factors, each with the scan range its own silo applies to it,
 * or says why it cannot join the harmonized portfolio.
 */
public final class Exposures {

    /** Why a position stays in its silo. */
    public static final class NotJoinable extends Exception {
        NotJoinable(String message) {
            super(message, null, false, false);
        }
    }

    private static final String INDEX_CDS = "CREDIT/INDEX/CDS";
    private static final String SINGLE_NAME_CDS = "CREDIT/SINGLE_NAME/CDS";

    private final HarmonizedParameters params;
    private final SiloParameters risk;

    /** The silos' own parameters a position's scan range is taken from (its silo's, as that silo applies it). */
    public record SiloParameters(PortfolioMarginParameters portfolioMargin, StrategyParameters strategy,
                                 ScheduleParameters schedule, SpanParameters span) {
    }

    public Exposures(HarmonizedParameters params, SiloParameters risk) {
        this.params = params;
        this.risk = risk;
    }

    /** The position's exposures (several for an index CDS: one per constituent it is split into). */
    public List<Exposure> of(Position p, String silo, MarketContext market) throws NotJoinable {
        Product pr = p.product();
        String book = silo.startsWith("SEC_") || silo.startsWith("CFTC_") ? silo : silo + ":" + pr.agency();
        try {
            if (pr.taxonomy().equals(INDEX_CDS) || pr.taxonomy().equals(SINGLE_NAME_CDS)) {
                return credit(p, silo, book, market);
            }
            Factor f = params.factors().get(pr.riskFactor());
            if (f == null) {
                throw new NotJoinable(pr.riskFactor() + " is not a shared risk factor in harmonized.yaml");
            }
            return List.of(f.kind() == Kind.PRICE ? price(p, f, silo, book, market) : rate(p, f, silo, book, market));
        } catch (MarketContext.Missing e) {
            throw new NotJoinable("cannot be revalued: " + e.getMessage());
        }
    }

    /** A collateral line's exposure when its asset is listed under a shared factor, else null. */
    public Exposure of(CollateralLine c, MarginAccount account, MarketContext market) {
        if (c.direction() != CollateralLine.Direction.POSTED || c.marketValue() == null) {
            return null;
        }
        for (Factor f : params.factors().values()) {
            if (f.kind() == Kind.PRICE && f.collateral().contains(c.assetClass())) {
                double usd = c.marketValue().doubleValue() * market.fxToUsd(c.currency()).value();
                return new Exposure(f.id(), "COLLATERAL", "collateral " + c.assetClass() + " posted to "
                        + account.account() + " (" + c.lineage().file() + " " + c.lineage().location() + ")",
                        (m, v) -> usd * m, "linear: market value " + fmt(usd) + " USD × move (its haircut still "
                        + "applies to its collateral value)", Double.NaN, Double.NaN, "", 0, null, null, 0);
            }
        }
        return null;
    }

    private Exposure price(Position p, Factor f, String silo, String book, MarketContext market) throws NotJoinable {
        Product pr = p.product();
        if (pr.regime() != Regime.SECURITY && pr.regime() != Regime.FUTURE && pr.regime() != Regime.LISTED_OPTION
                && pr.regime() != Regime.OPTION_ON_FUTURE) {
            throw new NotJoinable("a " + pr.regime() + " position on " + f.id() + " is margined from its notional or "
                    + "sensitivities, not revalued on the factor's price: it stays in " + silo);
        }
        Revaluation r = new Revaluation(p, market);
        double fx = market.fxToUsd(pr.currency()).value();
        double down = Double.NaN;
        double up = Double.NaN;
        String basis;
        double minimum = 0;
        String minimumPool = null;
        double volShift = 0;
        switch (silo) {
            case PortfolioMargin.ID -> {
                PortfolioMarginParameters pm = risk.portfolioMargin();
                var choice = pm.riskFactorRanges().getOrDefault(pr.riskFactor(),
                        pm.familyRanges().get(Positions.family(pr.taxonomy())));
                if (choice == null) {
                    throw new NotJoinable("sec-pm.yaml has no scan range for it");
                }
                var range = pm.ranges().get(choice.range());
                down = -range.down().value();
                up = range.up().value();
                basis = "SEC_PM " + range.name() + " " + range.down().cite() + " / " + range.up().cite();
                minimum = r.contracts() * r.multiplier * pm.minimumPerContract().value();
            }
            case StrategyMargin.ID -> {
                var regt = risk.strategy();
                if (pr.regime() == Regime.LISTED_OPTION) {
                    Param pct = regt.underlyingPct().get(Positions.family(pr.taxonomy()));
                    if (pct == null) {
                        throw new NotJoinable("reg-t.yaml has no underlying percentage for it");
                    }
                    down = up = pct.value();
                    basis = "SEC_REGT short option " + pct.cite();
                } else if (r.netQty >= 0) {
                    down = regt.longStockMaintenance().value();
                    basis = "SEC_REGT long " + regt.longStockMaintenance().cite();
                } else {
                    up = regt.shortStockMaintenance().value();
                    basis = "SEC_REGT short " + regt.shortStockMaintenance().cite();
                }
            }
            case SpanMargin.ID -> {
                CombinedCommodity cc = commodity(pr);
                double price = pr.regime() == Regime.FUTURE ? p.price().doubleValue() : market.underlyingPrice(p).value();
                double fut = price * pr.multiplier().doubleValue();
                down = up = cc.priceScanRange().value() / fut;
                basis = "CFTC_SPAN " + cc.key() + " price scan range " + cc.priceScanRange().cite() + " / contract "
                        + "value " + fmt(fut) + " = " + pct(up);
                if (pr.regime() == Regime.OPTION_ON_FUTURE) {
                    minimum = p.shortQty().doubleValue() * cc.shortOptionMinimum().value();
                    minimumPool = cc.key();
                    volShift = cc.volatilityScanRange().value();
                    basis += "; volatility ± " + cc.volatilityScanRange().cite();
                }
            }
            default -> throw new NotJoinable("silo " + silo + " positions on " + f.id() + " are not revalued jointly");
        }
        return new Exposure(f.id(), book, Positions.describe(p), (m, v) -> fx * r.pnl(m, v), r.basis, down, up, basis,
                minimum, minimumPool, minimumPool == null ? null : pr.putCall(), volShift);
    }

    private Exposure rate(Position p, Factor f, String silo, String book, MarketContext market) throws NotJoinable {
        Product pr = p.product();
        double fx = market.fxToUsd(pr.currency()).value();
        double dv01;
        String pnlBasis;
        if (pr.regime() == Regime.SECURITY) {
            double value = Positions.marketValue(p) * fx;
            Param duration = market.modifiedDuration(f.id());
            dv01 = value * duration.value() * 1e-4;
            pnlBasis = "value " + fmt(value) + " USD × modified duration " + duration.cite() + " × 0.0001 = "
                    + fmt(round(dv01)) + " USD per basis point";
        } else if (pr.regime() == Regime.FUTURE) {
            TreasuryFuture tf = params.treasuryFutures().get(pr.marginKey());
            if (tf == null) {
                throw new NotJoinable("harmonized.yaml names no face value for " + pr.marginKey());
            }
            MarketData.CheapestToDeliver ctd = market.cheapestToDeliver(pr.marginKey());
            double perContract = ctd.dv01(tf.faceValue());
            dv01 = p.netQty().doubleValue() * perContract * fx;
            pnlBasis = fmt(p.netQty().doubleValue()) + " contracts × " + fmt(round(perContract)) + " USD per basis "
                    + "point (CTD price " + ctd.price().cite() + " / 100 × face " + tf.faceValue().cite() + " × "
                    + "modified duration " + ctd.modifiedDuration().cite() + " × 0.0001 / conversion factor "
                    + ctd.conversionFactor().cite() + ")";
        } else {
            throw new NotJoinable("a " + pr.regime() + " position on " + f.id() + " has no yield revaluation: it stays "
                    + "in " + silo);
        }
        double range;
        String basis;
        switch (silo) {
            case StrategyMargin.ID -> {
                Param pct = risk.strategy().governmentSecurities().get(pr.taxonomy());
                if (pct == null) {
                    throw new NotJoinable("reg-t.yaml has no government-securities percentage for " + pr.taxonomy());
                }
                double duration = market.modifiedDuration(f.id()).value();
                range = pct.value() / duration * 1e4;
                basis = "SEC_REGT " + pct.cite() + " / modified duration " + fmt(duration) + " = "
                        + bp(range);
            }
            case SpanMargin.ID -> {
                CombinedCommodity cc = commodity(pr);
                double perContract = Math.abs(dv01 / p.netQty().doubleValue());
                range = cc.priceScanRange().value() / perContract;
                basis = "CFTC_SPAN " + cc.key() + " price scan range " + cc.priceScanRange().cite() + " / "
                        + fmt(round(perContract)) + " USD per basis point = " + bp(range);
            }
            default -> throw new NotJoinable("silo " + silo + " positions on " + f.id() + " are not revalued jointly");
        }
        double d = dv01;
        return new Exposure(f.id(), book, Positions.describe(p), (bps, v) -> -d * bps, pnlBasis, range, range, basis, 0,
                null, null, 0);
    }

    private List<Exposure> credit(Position p, String silo, String book, MarketContext market) throws NotJoinable {
        Product pr = p.product();
        if (!silo.equals(ScheduleMargin.ID)) {
            throw new NotJoinable(silo + " margins it from the netting set's CRIF sensitivities, which cannot be split "
                    + "by trade: it stays in " + silo);
        }
        ScheduleParameters sched = risk.schedule();
        ScheduleParameters.Row row = sched.row("CREDIT", market.asOf(), pr.expiry());
        if (row == null) {
            throw new NotJoinable("no schedule rate for it (maturity " + pr.expiry() + ")");
        }
        String ccy = pr.terms().getOrDefault("notionalCurrency", pr.currency());
        double fx = market.fxToUsd(ccy).value();
        Param rpv01 = market.cdsRiskyDuration();
        double range = row.rate().value() / rpv01.value() * 1e4;
        String rangeBasis = book + " " + row.rate().cite() + " / risky duration " + fmt(rpv01.value()) + " = "
                + bp(range);
        double notional = p.netQty().doubleValue() * fx;
        String label = Positions.describe(p);
        List<Exposure> out = new ArrayList<>();
        if (pr.taxonomy().equals(SINGLE_NAME_CDS)) {
            out.add(cds(pr.riskFactor(), book, label, notional, 1, rpv01, rangeBasis, range));
            return out;
        }
        CreditIndex index = params.indices().get(pr.riskFactor());
        if (index == null) {
            throw new NotJoinable("harmonized.yaml lists no constituents for " + pr.riskFactor());
        }
        for (String name : index.names()) {
            out.add(cds(name, book, label + " constituent " + name, notional, index.weight(), rpv01, rangeBasis,
                    range));
        }
        double rest = 1 - index.names().size() * index.weight();
        if (rest > 0) {
            out.add(cds(index.factor() + ":OTHER", book, label + " other " + fmt(index.constituents().value()
                    - index.names().size()) + " constituents", notional, rest, rpv01, rangeBasis, range));
        }
        return out;
    }

    private Exposure cds(String factor, String book, String label, double notional, double weight, Param rpv01,
                         String rangeBasis, double range) {
        double cs01 = notional * weight * rpv01.value() * 1e-4;
        return new Exposure(factor, book, label, (bps, v) -> cs01 * bps, "protection "
                + (notional >= 0 ? "bought" : "sold") + " on " + fmt(Math.abs(notional * weight)) + " USD ("
                + (weight == 1 ? "" : "weight " + Explain.fixed(weight, 6) + ", ") + "risky duration "
                + rpv01.cite() + "): " + fmt(round(cs01)) + " USD per basis point of spread",
                range, range, rangeBasis, 0, null, null, 0);
    }

    private CombinedCommodity commodity(Product pr) throws NotJoinable {
        CombinedCommodity cc = risk.span().commodities().get(pr.marginKey());
        if (cc == null) {
            throw new NotJoinable("span.yaml has no combined commodity " + pr.marginKey());
        }
        return cc;
    }

    /** A position's market value in USD for the protection impact; 0 when it has none (the count still shows it). */
    static double usdValue(Position p, MarketContext market) {
        try {
            return Positions.marketValue(p) * market.fxToUsd(p.product().currency()).value();
        } catch (MarketContext.Missing e) {
            return 0;
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String pct(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f%%", v * 100);
    }

    private static String bp(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f bp", v);
    }
}
