package io.concord.margin;

import io.concord.margin.MarketContext.Missing;
import io.concord.model.Position;
import io.concord.model.Product;
import io.concord.model.PutCall;
import io.concord.model.Regime;

import static io.concord.margin.Positions.fmt;

/**
 * A booked position ready to be revalued when its underlying moves by a fraction: linear for stocks, ETFs and
 * futures (net quantity × multiplier × price × move), Black-Scholes for listed options (or a Cox-Ross-Rubinstein
 * tree when the caller prices American-style options as such) and Black-76 for options on futures (theoretical
 * value at the moved underlying minus theoretical value now, same volatility).
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
    /** Tree steps for an American-style option priced by a binomial tree; 0 = European (closed form). */
    private final int americanSteps;
    private final double base;
    public final String basis;

    public Revaluation(Position p, MarketContext market) {
        this(p, market, 0, null);
    }

    /**
     * @param americanSteps binomial steps when the option is American-style and priced as such, 0 for European
     * @param styleBasis    why the option is priced that way (cited in the basis), null for European
     */
    public Revaluation(Position p, MarketContext market, int americanSteps, String styleBasis) {
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
            this.americanSteps = 0;
            base = underlying;
            basis = "linear: " + fmt(netQty) + " × " + fmt(multiplier) + " × price " + fmt(underlying);
            return;
        }
        if (pr.strike() == null || pr.expiry() == null) {
            throw new Missing("option without strike or expiry");
        }
        MarketContext.Quote s = market.underlyingPrice(p);
        MarketContext.Quote v = market.volatility(pr);
        MarketContext.Quote r = market.riskFreeRate();
        black76 = pr.regime() == Regime.OPTION_ON_FUTURE;
        this.americanSteps = black76 ? 0 : americanSteps;
        MarketContext.Quote q = black76 ? new MarketContext.Quote(0, "none (option on a future)")
                : market.dividendYield(pr.riskFactor());
        underlying = s.value();
        years = market.years(pr.expiry());
        vol = v.value();
        rate = r.value();
        yield = q.value();
        base = value(underlying);
        basis = (black76 ? "Black-76" : this.americanSteps > 0 ? "Cox-Ross-Rubinstein binomial tree ("
                + this.americanSteps + " steps, American exercise: " + styleBasis + ")" : "Black-Scholes") + " "
                + pr.putCall() + " strike " + fmt(pr.strike().doubleValue())
                + ", " + Explain.fixed(years, 4) + " years to " + pr.expiry() + "; underlying " + s.basis()
                + "; " + v.basis() + "; " + r.basis() + "; " + q.basis() + "; theoretical value now "
                + Explain.fixed(base, 4);
    }

    /** The underlying's price now (the position's own price for a linear position). */
    public double underlyingPrice() {
        return underlying;
    }

    /** The theoretical value of one unit now (the price for a linear position). */
    public double theoreticalValue() {
        return base;
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
        if (black76) {
            return OptionPricing.black76(spot, k, years, v, rate, put);
        }
        return americanSteps > 0 ? OptionPricing.americanBinomial(spot, k, years, v, rate, yield, put, americanSteps)
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
