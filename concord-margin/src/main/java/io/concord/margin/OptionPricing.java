package io.concord.margin;

/**
 * Option values: Black-Scholes (European stock and index options, with a continuous dividend yield), Black-76
 * (options on futures) and a Cox-Ross-Rubinstein binomial tree (American-style options, early exercise checked at
 * every node). At or after expiry, or with zero volatility, the value is the discounted intrinsic value (the
 * intrinsic value for an American option).
 */
public final class OptionPricing {

    private OptionPricing() {
    }

    /**
     * Black-Scholes-Merton value of one unit.
     *
     * @param spot      underlying price
     * @param strike    strike
     * @param years     time to expiry in years
     * @param vol       annual volatility (0.20 = 20 %)
     * @param rate      continuously compounded risk-free rate
     * @param yield     continuous dividend yield
     * @param put       put (true) or call
     */
    public static double blackScholes(double spot, double strike, double years, double vol, double rate,
                                      double yield, boolean put) {
        double df = Math.exp(-rate * Math.max(years, 0));
        double fwd = spot * Math.exp((rate - yield) * Math.max(years, 0));
        return df * black(fwd, strike, years, vol, put);
    }

    /** Black-76 value of one unit of an option on a future priced {@code future}. */
    public static double black76(double future, double strike, double years, double vol, double rate, boolean put) {
        return Math.exp(-rate * Math.max(years, 0)) * black(future, strike, years, vol, put);
    }

    /** Black-76 delta (change of value per unit change of the future's price). */
    public static double black76Delta(double future, double strike, double years, double vol, double rate,
                                      boolean put) {
        double df = Math.exp(-rate * Math.max(years, 0));
        if (years <= 0 || vol <= 0) {
            boolean itm = put ? future < strike : future > strike;
            return itm ? (put ? -df : df) : 0;
        }
        double d1 = (Math.log(future / strike) + 0.5 * vol * vol * years) / (vol * Math.sqrt(years));
        return put ? -df * cnd(-d1) : df * cnd(d1);
    }

    /**
     * American option value by a Cox-Ross-Rubinstein binomial tree (Cox, Ross and Rubinstein 1979): up factor
     * u = e^(σ√Δt), down 1/u, risk-neutral probability p = (e^((r−q)Δt) − d) / (u − d); at each node the value is the
     * greater of exercising now and the discounted expected value of the next step.
     *
     * @param steps time steps of the tree
     */
    public static double americanBinomial(double spot, double strike, double years, double vol, double rate,
                                          double yield, boolean put, int steps) {
        if (years <= 0 || vol <= 0 || spot <= 0) {
            return Math.max(put ? strike - spot : spot - strike, 0);
        }
        double dt = years / steps;
        double u = Math.exp(vol * Math.sqrt(dt));
        double d = 1 / u;
        double p = (Math.exp((rate - yield) * dt) - d) / (u - d);
        double disc = Math.exp(-rate * dt);
        double up = disc * p;
        double down = disc * (1 - p);
        double d2 = d * d;
        double[] v = new double[steps + 1];
        double s = spot * Math.pow(u, steps);
        for (int i = 0; i <= steps; i++) {
            v[i] = Math.max(put ? strike - s : s - strike, 0);
            s *= d2;
        }
        for (int n = steps - 1; n >= 0; n--) {
            s = spot * Math.pow(u, n);
            for (int i = 0; i <= n; i++) {
                double hold = up * v[i] + down * v[i + 1];
                double exercise = put ? strike - s : s - strike;
                v[i] = Math.max(hold, exercise);
                s *= d2;
            }
        }
        return v[0];
    }

    /** Undiscounted Black value on a forward. */
    private static double black(double fwd, double strike, double years, double vol, boolean put) {
        if (years <= 0 || vol <= 0 || fwd <= 0) {
            return Math.max(put ? strike - fwd : fwd - strike, 0);
        }
        double sd = vol * Math.sqrt(years);
        double d1 = (Math.log(fwd / strike) + 0.5 * sd * sd) / sd;
        double d2 = d1 - sd;
        return put ? strike * cnd(-d2) - fwd * cnd(-d1) : fwd * cnd(d1) - strike * cnd(d2);
    }

    /** Standard normal cumulative distribution (West's double-precision algorithm, Hart 1968). */
    static double cnd(double x) {
        double z = Math.abs(x);
        double c;
        if (z > 37) {
            c = 0;
        } else {
            double e = Math.exp(-z * z / 2);
            if (z < 7.07106781186547) {
                double n = ((((((0.0352624965998911 * z + 0.700383064443688) * z + 6.37396220353165) * z
                        + 33.912866078383) * z + 112.079291497871) * z + 221.213596169931) * z + 220.206867912376);
                double d = (((((((0.0883883476483184 * z + 1.75566716318264) * z + 16.064177579207) * z
                        + 86.7807322029461) * z + 296.564248779674) * z + 637.333633378831) * z + 793.826512519948) * z
                        + 440.413735824752);
                c = e * n / d;
            } else {
                double f = z + 1 / (z + 2 / (z + 3 / (z + 4 / (z + 0.65))));
                c = e / (f * 2.506628274631);
            }
        }
        return x <= 0 ? c : 1 - c;
    }
}
