package io.concord.margin;

import io.concord.model.Position;
import io.concord.model.Product;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What the silos price with on one business date: the market data file, plus the prices the day's booked
 * reports carry for underlyings (a future's settlement price for options on it, a stock's price for options on
 * it). A value that cannot be found raises {@link Missing} with the reason; silos list that position as
 * unmargined, they never assume a value.
 */
public final class MarketContext {

    /** A value and where it came from. */
    public record Quote(double value, String basis) {
    }

    /** A value the calculation needs and cannot find. */
    public static final class Missing extends RuntimeException {
        public Missing(String message) {
            super(message, null, false, false);
        }
    }

    private final LocalDate asOf;
    private final MarketData data;
    private final Map<String, Position> bookedUnderlyings = new HashMap<>();
    /**
     * Quotes found once and kept (the silos ask for them per position, on several threads): underlying prices by
     * contract code and month, volatilities by risk factor. A value that cannot be found is not kept: it raises
     * {@link Missing} each time.
     */
    private final Map<String, Quote> underlyings = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Quote> volatilities = new java.util.concurrent.ConcurrentHashMap<>();
    private final Quote riskFreeRate;
    /** Why the business date has no market data at all (its file is missing), null when it has. */
    private final String unavailable;

    public MarketContext(LocalDate asOf, MarketData data, Collection<Position> booked) {
        this(asOf, data, booked, null);
    }

    /**
     * The context of a business date without market data: booked underlying prices only; every value of the market
     * data raises {@link Missing} with {@code why} (the missing file, named by date and folder), so each position
     * that needs one is listed as unmargined with that reason and another day's data is never used.
     */
    public static MarketContext unavailable(LocalDate asOf, String why, Collection<Position> booked) {
        return new MarketContext(asOf, MarketData.NONE, booked, why);
    }

    private MarketContext(LocalDate asOf, MarketData data, Collection<Position> booked, String unavailable) {
        this.unavailable = unavailable;
        this.asOf = asOf;
        this.data = data;
        this.riskFreeRate = data.riskFreeRate() == null ? null
                : new Quote(data.riskFreeRate().value(), "risk-free rate " + data.riskFreeRate().cite());
        for (Position p : booked) {
            String key = bookedKey(p);
            if (key != null && asOf.equals(p.asOf())) {
                bookedUnderlyings.putIfAbsent(key, p);
            }
        }
    }

    /**
     * The key under which a booked report prices an underlying (its contract code and contract month), or null when
     * it prices none (an option, or no contract code or price).
     */
    public static String underlyingKey(Position p) {
        Product pr = p.product();
        return pr.putCall() == null && pr.ids().contractCode() != null && p.price() != null
                ? underlyingKey(pr.ids().contractCode(), pr.ids().maturity()) : null;
    }

    /**
     * The key under which a booked report prices an underlying for its own firm's options: the firm's LEI and
     * {@link #underlyingKey(Position)}; null when it prices none.
     */
    public static String bookedKey(Position p) {
        String key = underlyingKey(p);
        return key == null ? null : firmKey(p.firmLei(), key);
    }

    private static String firmKey(String firmLei, String underlyingKey) {
        return firmLei + " " + underlyingKey;
    }

    private static String underlyingKey(String code, String maturity) {
        return code + "|" + (maturity == null ? "" : maturity);
    }

    public LocalDate asOf() {
        return asOf;
    }

    /**
     * The underlying price of an option position: the price its own firm booked for the instrument with the
     * option's contract code (and contract month, for options on futures) on the same date, the first such report
     * in account order; otherwise the market data price of its risk factor. Another firm's report is never used: a
     * firm's margin does not move with what other firms report, and its explain never names their files.
     */
    public Quote underlyingPrice(Position option) {
        Product pr = option.product();
        String key = firmKey(option.firmLei(), underlyingKey(pr.ids().contractCode(), pr.ids().maturity()));
        Quote known = underlyings.get(key);
        return known != null ? known : underlyings.computeIfAbsent(key, k -> findUnderlyingPrice(pr, k));
    }

    private Quote findUnderlyingPrice(Product option, String key) {
        Position u = bookedUnderlyings.get(key);
        if (u != null) {
            return new Quote(u.price().doubleValue(), "price of " + option.ids().contractCode()
                    + (option.ids().maturity() == null ? "" : " " + option.ids().maturity()) + " as booked from "
                    + u.lineage().file() + " " + u.lineage().location());
        }
        Param p = factor(option.riskFactor()).price();
        if (p == null) {
            throw new Missing("no price for underlying " + option.ids().contractCode() + ": none booked on " + asOf
                    + " and market data has no price for " + option.riskFactor());
        }
        return new Quote(p.value(), "price of " + option.riskFactor() + " " + p.cite());
    }

    /**
     * The option's volatility: {@code terms.volatility} when the feed carried one (an annual fraction), otherwise
     * the market data volatility of its risk factor.
     */
    public Quote volatility(Product option) {
        String fromFeed = option.terms().get("volatility");
        if (fromFeed != null) {
            try {
                double v = Double.parseDouble(fromFeed);
                if (v > 0 && v < 10) {
                    return new Quote(v, "volatility " + fromFeed + " from the feed (terms.volatility)");
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new Missing("terms.volatility must be a positive annual fraction, got '" + fromFeed + "'");
        }
        Quote known = volatilities.get(option.riskFactor());
        return known != null ? known : volatilities.computeIfAbsent(option.riskFactor(), riskFactor -> {
            Param p = factor(riskFactor).volatility();
            if (p == null) {
                throw new Missing("market data has no volatility for " + riskFactor);
            }
            return new Quote(p.value(), "volatility of " + riskFactor + " " + p.cite());
        });
    }

    public Quote dividendYield(String riskFactor) {
        Param p = factor(riskFactor).dividendYield();
        if (p == null) {
            throw new Missing("market data has no dividendYield for " + riskFactor);
        }
        return new Quote(p.value(), "dividend yield of " + riskFactor + " " + p.cite());
    }

    public Quote riskFreeRate() {
        current();
        return riskFreeRate;
    }

    /** USD per unit of {@code currency} (1 for USD). */
    public Quote fxToUsd(String currency) {
        if ("USD".equals(currency)) {
            return new Quote(1, "USD");
        }
        current();
        Param p = data.fxToUsd().get(currency);
        if (p == null) {
            throw new Missing("market data has no fxToUsd rate for " + currency);
        }
        return new Quote(p.value(), "USD per " + currency + " " + p.cite());
    }

    /** The modified duration (years) of the benchmark a yield factor stands for, on the business date. */
    public Param modifiedDuration(String riskFactor) {
        Param p = factor(riskFactor).modifiedDuration();
        if (p == null) {
            throw new Missing("market data has no modifiedDuration for " + riskFactor);
        }
        return p;
    }

    /** The business date's cheapest-to-deliver of a deliverable Treasury future (its SPAN combined commodity). */
    public MarketData.CheapestToDeliver cheapestToDeliver(String commodity) {
        current();
        MarketData.CheapestToDeliver ctd = data.treasuryFutures().get(commodity);
        if (ctd == null) {
            throw new Missing("market data has no cheapest-to-deliver for " + commodity + " (treasuryFutures)");
        }
        return ctd;
    }

    /** The business date's risky duration (RPV01) of a 5-year CDS. */
    public Param cdsRiskyDuration() {
        current();
        if (data.cdsRiskyDuration() == null) {
            throw new Missing("market data has no CDS risky duration (credit.riskyDuration)");
        }
        return data.cdsRiskyDuration();
    }

    /** Years from the business date to {@code expiry}, actual/365; negative after expiry. */
    public double years(LocalDate expiry) {
        return ChronoUnit.DAYS.between(asOf, expiry) / 365.0;
    }

    private MarketData.Factor factor(String riskFactor) {
        current();
        MarketData.Factor f = data.factors().get(riskFactor);
        if (f == null) {
            throw new Missing("market data has no entry for risk factor " + riskFactor);
        }
        return f;
    }

    private void current() {
        if (unavailable != null) {
            throw new Missing(unavailable);
        }
        if (asOf == null || data.asOf() == null) {
            throw new Missing("no market data: the run has no business date");
        }
        if (!data.asOf().equals(asOf)) {
            throw new Missing("market data is as of " + data.asOf() + ", positions are as of " + asOf);
        }
    }
}
