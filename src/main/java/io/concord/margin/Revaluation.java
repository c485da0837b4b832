package io.concord.margin;

import io.concord.margin.MarketContext.Missing;
import io.concord.model.Position;
import io.concord.model.Product;
import io.concord.model.PutCall;
import io.concord.model.Regime;

import static io.concord.margin.Positions.fmt;

/**
 * A booked position ready to be revalued when its underlying moves by a fraction: linear for stocks, ETFs and
 * futures (net quantity × multiplier × price × move), Black-Scholes for listed options and Black-76 for options on
 * futures (theoretical value at the moved underlying minus theoretical value now, same volatility).
 */
public final class Revaluation {

    public final Position position;
    public final boolean option;
    public final double netQty;
    public final double multiplier;
    private final double underlying;
    private final double years;
    private final double vol;
    private final double rate;
    private final double yield;
    private final boolean black76;
    private final double base;
    public final String basis;

    public Revaluation(Position p, MarketContext market) {
        Product pr = p.product();
        this.position = p;
        this.netQty = p.netQty().doubleValue();
        this.multiplier = pr.multiplier().doubleValue();
        this.option = pr.putCall() != null;
        if (!option) {
            if (p.price() == null) {
                throw new Missing("the report carries no price");
            }
            underlying = p.price().doubleValue();
            years = vol = rate = yield = 0;
            black76 = false;
            base = underlying;
            basis = "linear: " + fmt(netQty) + " × " + fmt(multiplier) + " × price " + fmt(underlying);
            return;
        }
        if (pr.strike() == null || pr.expiry() == null) {
            throw new Missing("option without strike or expiry");
        }
        MarketContext.Quote s = market.underlyingPrice(pr);
        MarketContext.Quote v = market.volatility(pr);
        MarketContext.Quote r = market.riskFreeRate();
        black76 = pr.regime() == Regime.OPTION_ON_FUTURE;
        MarketContext.Quote q = black76 ? new MarketContext.Quote(0, "none (option on a future)")
                : market.dividendYield(pr.riskFactor());
        underlying = s.value();
        years = market.years(pr.expiry());
        vol = v.value();
        rate = r.value();
        yield = q.value();
        base = value(underlying);
        basis = (black76 ? "Black-76" : "Black-Scholes") + " " + pr.putCall() + " strike " + fmt(pr.strike().doubleValue())
                + ", " + Explain.fixed(years, 4) + " years to " + pr.expiry() + "; underlying " + s.basis()
                + "; " + v.basis() + "; " + r.basis() + "; " + q.basis() + "; theoretical value now "
                + Explain.fixed(base, 4);
    }

    public double value(double spot) {
        return value(spot, 0);
    }

    /** The value at {@code spot} with the volatility shifted by {@code volShift} (absolute, floored near zero). */
    private double value(double spot, double volShift) {
        if (!option) {
            return spot;
        }
        Product pr = position.product();
        boolean put = pr.putCall() == PutCall.PUT;
        double k = pr.strike().doubleValue();
        double v = Math.max(1e-6, vol + volShift);
        return black76 ? OptionPricing.black76(spot, k, years, v, rate, put)
                : OptionPricing.blackScholes(spot, k, years, v, rate, yield, put);
    }

    /**
     * Profit (+) or loss (−) in USD when the underlying moves by {@code move} and the volatility by {@code volShift}
     * (absolute; ignored for linear positions).
     */
    public double pnl(double move, double volShift) {
        return netQty * multiplier * (value(underlying * (1 + move), volShift) - base);
    }

    /** Profit (+) or loss (−) in USD when the underlying moves by {@code move} (e.g. −0.15). */
    public double pnl(double move) {
        return pnl(move, 0);
    }

    public double contracts() {
        return option || position.product().regime() == Regime.FUTURE
                ? position.longQty().doubleValue() + position.shortQty().doubleValue() : 0;
    }
}
