package io.concord.margin.sec;

import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginSilo;
import io.concord.margin.MarketContext;
import io.concord.margin.MaturityLadder;
import io.concord.margin.Param;
import io.concord.margin.Positions;
import io.concord.margin.SiloResult;
import io.concord.margin.Unmargined;
import io.concord.margin.sec.PairingSolver.Candidate;
import io.concord.margin.sec.PairingSolver.Taken;
import io.concord.model.Position;
import io.concord.model.Product;
import io.concord.model.PutCall;
import io.concord.model.Regime;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.concord.margin.Positions.fmt;

/**
 * Regulation T / FINRA Rule 4210 strategy-based margin for securities accounts not approved for portfolio
 * margin. Stock and listed options on one underlying are paired into the strategies FINRA Rule 4210(f)(2) and the
 * Cboe Margin Manual recognise, and each account gets the pairing with the smallest total requirement
 * ({@link PairingSolver}: a linear program over every candidate pairing, as brokers' optimizers do):
 * <ul>
 *   <li>put or call spread (long expiring with or after the short): the maximum loss, the strike difference;</li>
 *   <li>short straddle, strangle or combination (short call and short put): the greater uncovered requirement plus
 *       the other side's premium;</li>
 *   <li>covered call (short call, long stock): no option margin, the stock at most at the strike; covered put
 *       (short put, short stock): the short-stock requirement plus the put's in-the-money amount;</li>
 *   <li>long put and long stock, long call and short stock: the lesser of 10 % of the strike plus the option's
 *       out-of-the-money amount and the stock's own requirement;</li>
 *   <li>collar (long stock, long put, short call): the lesser of 10 % of the put strike plus the put's
 *       out-of-the-money amount and 25 % of the call strike; conversion (same strike and expiry): 10 % of the
 *       strike; reverse conversion: 10 % of the strike plus the put's in-the-money amount;</li>
 *   <li>butterflies, boxes, iron condors and butterflies (legs of one expiry): the maximum loss at expiry.</li>
 * </ul>
 * Long options are paid in full, except that a listed option with more than nine months to expiration that no
 * strategy takes needs 75 % of its market value (Cboe Rule 10.3; a strategy's long side is paid in full, and the
 * optimizer counts that difference in the strategy's cost); an unpaired short option is margined uncovered (100 % of premium plus a
 * percentage of the underlying less the out-of-the-money amount, with a minimum); unpaired stock at the 4210(c)
 * levels. The requirement is the maintenance level; Reg T initial levels (50 % long, 150 % short) and the 4210(b)
 * $2,000 minimum equity are in the tree.
 */
public final class StrategyMargin implements MarginSilo {

    public static final String ID = "SEC_REGT";
    /** Above this many candidate pairings on one underlying the four-leg strategies are not enumerated. */
    private static final int MAX_CANDIDATES = 20_000;

    private static final String CBOE = "Cboe Margin Manual";

    private final StrategyParameters params;

    public StrategyMargin(StrategyParameters params) {
        this.params = params;
    }

    @Override
    public String id() {
        return ID;
    }

    /** One leg: a stock position (quantity in shares) or one side of an option position (in contracts). */
    private static final class Leg {
        final Position p;
        final boolean stock;
        final boolean isLong;
        final double qty;
        final double price;
        final PutCall pc;
        final double strike;
        final LocalDate expiry;
        final double mult;
        final double spot;
        final String spotBasis;
        final Param pct;
        /** A long option expiring more than the long-term months after the business date (25 % loan value alone). */
        boolean longTerm;
        int index;
        /** {@link Positions#describe} of the position, built once: every strategy that takes the leg names it. */
        private String name;

        Leg(Position p, boolean stock, boolean isLong, double qty, double price, double spot, String spotBasis,
            Param pct) {
            Product pr = p.product();
            this.p = p;
            this.stock = stock;
            this.isLong = isLong;
            this.qty = qty;
            this.price = price;
            this.pc = pr.putCall();
            this.strike = stock ? 0 : pr.strike().doubleValue();
            this.expiry = pr.expiry();
            this.mult = pr.multiplier().doubleValue();
            this.spot = spot;
            this.spotBasis = spotBasis;
            this.pct = pct;
        }

        boolean call() {
            return pc == PutCall.CALL;
        }

        /** The position as explain trees name it ({@link Positions#describe}). */
        String name() {
            if (name == null) {
                name = Positions.describe(p);
            }
            return name;
        }

        boolean put() {
            return pc == PutCall.PUT;
        }

        String describe() {
            return (isLong ? "long " : "short ") + fmt(qty) + (stock ? " shares " : " ") + Positions.describe(p)
                    .replaceFirst("^(long|short) [^ ]+ ", "");
        }
    }

    /** A strategy candidate with what its explain needs. */
    private record Strategy(String name, List<Leg> legs, double[] perUnit, double cost,
                            java.util.function.Supplier<String> formula) {
    }

    @Override
    public SiloResult margin(MarginAccount account, List<Position> positions, MarketContext market) {
        List<Unmargined> unmargined = new ArrayList<>();
        List<Explain> kids = new ArrayList<>();
        Map<String, List<Leg>> groups = new LinkedHashMap<>();
        double initial = 0;
        double purchases = 0;
        boolean shortSales = false;
        for (Position p : positions) {
            Product pr = p.product();
            String family = Positions.family(pr.taxonomy());
            try {
                if (pr.putCall() == null && pr.regime() == Regime.SECURITY && params.stockFamilies().contains(family)) {
                    if (p.price() == null) {
                        throw new MarketContext.Missing("the report carries no price");
                    }
                    double shares = p.netQty().doubleValue() * pr.multiplier().doubleValue();
                    if (shares != 0) {
                        groups.computeIfAbsent(underlying(pr), k -> new ArrayList<>()).add(new Leg(p, true, shares > 0,
                                Math.abs(shares), p.price().doubleValue(), p.price().doubleValue(), null, null));
                    }
                } else if (pr.regime() == Regime.SECURITY && params.governmentSecurities().containsKey(pr.taxonomy())) {
                    Explain g = government(p, market.asOf());
                    initial += g.amount().doubleValue();
                    kids.add(g);
                } else if (pr.regime() == Regime.LISTED_OPTION && params.underlyingPct().containsKey(family)) {
                    MarketContext.Quote s = market.underlyingPrice(p);
                    if (p.price() == null) {
                        throw new MarketContext.Missing("the report carries no option price");
                    }
                    if (pr.strike() == null || pr.expiry() == null) {
                        throw new MarketContext.Missing("option without strike or expiry");
                    }
                    List<Leg> g = groups.computeIfAbsent(underlying(pr), k -> new ArrayList<>());
                    if (p.longQty().signum() > 0) {
                        g.add(new Leg(p, false, true, p.longQty().doubleValue(), p.price().doubleValue(), s.value(),
                                s.basis(), params.underlyingPct().get(family)));
                    }
                    if (p.shortQty().signum() > 0) {
                        g.add(new Leg(p, false, false, p.shortQty().doubleValue(), p.price().doubleValue(), s.value(),
                                s.basis(), params.underlyingPct().get(family)));
                    }
                } else {
                    unmargined.add(Unmargined.of(ID, p, "reg-t.yaml has no strategy rule for " + pr.taxonomy()));
                }
            } catch (MarketContext.Missing e) {
                unmargined.add(Unmargined.of(ID, p, e.getMessage()));
            }
        }
        List<String> pairings = new ArrayList<>();
        for (Map.Entry<String, List<Leg>> g : groups.entrySet()) {
            GroupResult r = group(g.getValue(), market.asOf());
            kids.addAll(r.explains);
            initial += r.initial;
            purchases += r.purchases;
            shortSales |= r.shortSales;
            pairings.add(g.getKey() + ": " + r.summary);
        }
        double total = kids.stream().mapToDouble(k -> k.amount().doubleValue()).sum();
        if (!kids.isEmpty()) {
            double minEquity = shortSales ? params.minimumEquity().value()
                    : Math.min(params.minimumEquity().value(), purchases);
            double init = Math.max(Math.max(initial, total), minEquity);
            kids.add(Explain.note("initial requirement " + Explain.fixed(init, 2) + " (not the requirement: the "
                    + "requirement is the maintenance level)", "greatest of the Reg T initial amounts "
                    + Explain.fixed(initial, 2) + " (long stock " + params.longStockInitial().cite() + ", short sales "
                    + params.shortStockInitial().cite() + ", options and strategies at their requirement), the "
                    + "maintenance " + Explain.fixed(total, 2) + " and the minimum equity "
                    + Explain.fixed(minEquity, 2) + " [" + params.minimumEquity().source() + "; "
                    + params.minimumEquity().where() + "]" + (shortSales ? "" : " (no short position: at most the "
                    + "cost of the purchases " + Explain.fixed(purchases, 2) + ")")));
        }
        return new SiloResult(ID, Explain.of(ID + " requirement", total, "Regulation T / FINRA Rule 4210 "
                + "strategy-based maintenance: sum of the strategy and position requirements; pairing per underlying "
                + "with the smallest total (linear program over the candidate pairings): " + String.join("; ",
                pairings), kids), unmargined);
    }

    private static String underlying(Product pr) {
        return pr.ids().contractCode() != null ? pr.ids().contractCode() : pr.riskFactor();
    }

    private static final class GroupResult {
        final List<Explain> explains = new ArrayList<>();
        double initial;
        double purchases;
        boolean shortSales;
        String summary;
    }

    /** Pairs one underlying's legs and explains each strategy, uncovered short, stock remainder and long option. */
    private GroupResult group(List<Leg> legs, LocalDate asOf) {
        LocalDate longTermAfter = asOf.plusMonths(Math.round(params.longTermMonths().value()));
        for (int i = 0; i < legs.size(); i++) {
            Leg l = legs.get(i);
            l.index = i;
            l.longTerm = !l.stock && l.isLong && l.expiry.isAfter(longTermAfter);
        }
        List<Strategy> strategies = candidates(legs);
        double[] quantity = new double[legs.size()];
        double[] standalone = new double[legs.size()];
        for (Leg l : legs) {
            quantity[l.index] = l.qty;
            standalone[l.index] = l.stock ? stockPerShare(l) : l.isLong ? 0 : uncoveredPerContract(l);
        }
        List<Candidate> lp = new ArrayList<>(strategies.size());
        for (Strategy s : strategies) {
            List<Leg> sl = s.legs();
            int[] idx = new int[sl.size()];
            for (int k = 0; k < idx.length; k++) {
                idx[k] = sl.get(k).index;
            }
            lp.add(new Candidate(idx, s.perUnit(), s.cost() + longTermSurcharge(s)));
        }
        PairingSolver.Pairing pairing = strategies.isEmpty() ? PairingSolver.Pairing.NONE
                : PairingSolver.solve(quantity, standalone, lp);
        List<Taken> taken = pairing.taken();
        GroupResult r = new GroupResult();
        double[] left = quantity.clone();
        Map<String, Double> counts = new LinkedHashMap<>();
        for (Taken t : taken) {
            Strategy s = strategies.get(t.index());
            for (int k = 0; k < s.legs().size(); k++) {
                left[s.legs().get(k).index] -= s.perUnit()[k] * t.units();
            }
            double v = s.cost() * t.units();
            r.initial += v;
            counts.merge(s.name(), t.units(), Double::sum);
            r.explains.add(taken(s, t.units(), v));
        }
        for (Leg l : legs) {
            double n = left[l.index];
            if (n <= 1e-9) {
                continue;
            }
            if (l.stock) {
                Explain e = stock(l, n);
                r.explains.add(e);
            } else if (!l.isLong) {
                r.explains.add(shortOption(l, n));
                r.initial += r.explains.get(r.explains.size() - 1).amount().doubleValue();
                r.shortSales = true;
            }
        }
        for (Leg l : legs) {
            if (l.stock) {
                double mv = l.qty * l.price;
                r.initial += (l.isLong ? params.longStockInitial() : params.shortStockInitial()).value() * mv;
                if (l.isLong) {
                    r.purchases += mv;
                } else {
                    r.shortSales = true;
                }
            } else if (l.isLong) {
                double alone = l.longTerm && left[l.index] > 1e-9 ? left[l.index] : 0;
                double paired = l.qty - alone;
                double v = paired * l.mult * l.price * params.longOption().value()
                        + alone * l.mult * l.price * params.longTermMaintenance().value();
                r.initial += v;
                r.purchases += l.qty * l.mult * l.price;
                r.explains.add(longOption(l, v, paired, alone, longTermAfter));
            } else {
                r.shortSales = true;
            }
        }
        StringBuilder sum = new StringBuilder(strategies.size() + " candidate pairings");
        if (strategies.size() >= MAX_CANDIDATES) {
            sum.append(" (four-leg strategies not enumerated above ").append(MAX_CANDIDATES).append(")");
        }
        if (pairing.largestComponent() > PairingSolver.EXACT_UP_TO) {
            sum.append(" (more than ").append(PairingSolver.EXACT_UP_TO).append(" useful candidates linked: paired "
                    + "greedily by saving per unit, not guaranteed minimal)");
        }
        if (counts.isEmpty()) {
            sum.append(", none taken");
        } else {
            String sep = ", taken ";
            for (Map.Entry<String, Double> e : counts.entrySet()) {
                sum.append(sep).append(fmt(e.getValue())).append(" × ").append(e.getKey());
                sep = ", ";
            }
        }
        r.summary = sum.toString();
        return r;
    }

    /** A strategy the pairing took {@code units} of, at {@code v} in all. */
    private static Explain taken(Strategy s, double units, double v) {
        StringBuilder what = new StringBuilder();
        StringBuilder used = new StringBuilder();
        for (int k = 0; k < s.legs().size(); k++) {
            Leg l = s.legs().get(k);
            what.append(k == 0 ? "" : k == 1 ? " against " : " and ").append(l.name());
            used.append(k == 0 ? "" : ", ").append(fmt(s.perUnit()[k] * units))
                    .append(l.stock ? " shares" : " contracts").append(" of leg ").append(k + 1);
        }
        String label = (s.name().endsWith("call spread") || s.name().endsWith("put spread") ? "spread" : s.name())
                + ": " + what;
        return Explain.leaf(label, v, s.name() + " × " + fmt(units) + " (" + used + "): " + fmt(units) + " × "
                + Explain.fixed(s.cost(), 2) + "; " + s.formula().get());
    }

    /** A long option: {@code paired} contracts in strategies paid in full, {@code alone} long-term ones at 75 %. */
    private Explain longOption(Leg l, double v, double paired, double alone, LocalDate longTermAfter) {
        String full = fmt(paired) + " × " + fmt(l.mult) + " × premium " + fmt(l.price) + " × "
                + params.longOption().cite();
        return Explain.leaf(l.name(), v, alone == 0 ? "long option paid in full: "
                + full + (l.longTerm ? " (more than " + params.longTermMonths().cite() + " months to expiry, "
                + "but every contract is in a strategy, whose long side is paid in full)" : "")
                : "long option with more than " + params.longTermMonths().cite() + " months to expiry ("
                + l.expiry + " after " + longTermAfter + "), taken by no strategy: " + fmt(alone) + " × "
                + fmt(l.mult) + " × premium " + fmt(l.price) + " × " + params.longTermMaintenance().cite()
                + (paired > 1e-9 ? "; the " + fmt(paired) + " contracts in strategies paid in full: " + full
                : ""));
    }

    // ---- candidates -------------------------------------------------------------------------------------------

    private List<Strategy> candidates(List<Leg> legs) {
        List<Leg> stockLong = new ArrayList<>();
        List<Leg> stockShort = new ArrayList<>();
        List<Leg> shortCalls = new ArrayList<>();
        List<Leg> shortPuts = new ArrayList<>();
        List<Leg> longCalls = new ArrayList<>();
        List<Leg> longPuts = new ArrayList<>();
        for (Leg l : legs) {
            if (l.stock) {
                (l.isLong ? stockLong : stockShort).add(l);
            } else if (l.call()) {
                (l.isLong ? longCalls : shortCalls).add(l);
            } else if (l.put()) {
                (l.isLong ? longPuts : shortPuts).add(l);
            }
        }
        List<Strategy> out = new ArrayList<>();
        spreads(out, shortCalls, longCalls);
        spreads(out, shortPuts, longPuts);
        straddles(out, shortCalls, shortPuts);
        for (Leg st : stockLong) {
            longStockHedges(out, st, shortCalls, longPuts);
        }
        for (Leg st : stockShort) {
            shortStockHedges(out, st, shortPuts, longCalls);
        }
        butterflies(out, longCalls, shortCalls);
        butterflies(out, longPuts, shortPuts);
        // boxes, iron condors and iron butterflies: a call spread and a put spread of one expiry
        long fours = (long) shortCalls.size() * longCalls.size() * shortPuts.size() * longPuts.size();
        if (out.size() + fours < MAX_CANDIDATES) {
            fourLegs(out, shortCalls, longCalls, shortPuts, longPuts);
        }
        return out;
    }

    // each kind of candidate in a method of its own: small methods the compiler takes on early in a run

    /** Spreads: a short against a long of the same right and multiplier expiring with or after it. */
    private static void spreads(List<Strategy> out, List<Leg> shorts, List<Leg> longs) {
        for (Leg s : shorts) {
            for (Leg l : longs) {
                if (l.mult == s.mult && !l.expiry.isBefore(s.expiry)) {
                    double loss = Math.max(0, s.call() ? l.strike - s.strike : s.strike - l.strike);
                    String kind = (loss > 0 ? "credit " : "debit ") + (s.call() ? "call spread" : "put spread");
                    out.add(new Strategy(kind, List.of(s, l), new double[]{1, 1}, loss * s.mult, () ->
                            "maximum loss: strike difference " + fmt(loss) + " × " + fmt(s.mult)
                                    + "; the long leg is paid in full below [" + CBOE + ", Put Spread or Call "
                                    + "Spread; FINRA Rule 4210(f)(2)]"));
                }
            }
        }
    }

    /** Short straddles, strangles and combinations. */
    private void straddles(List<Strategy> out, List<Leg> shortCalls, List<Leg> shortPuts) {
        for (Leg c : shortCalls) {
            for (Leg p : shortPuts) {
                if (c.mult != p.mult) {
                    continue;
                }
                double uc = uncoveredPerContract(c);
                double up = uncoveredPerContract(p);
                boolean callGreater = uc >= up;
                double v = callGreater ? uc + p.price * p.mult : up + c.price * c.mult;
                String kind = c.strike == p.strike && c.expiry.equals(p.expiry) ? "short straddle" : "short strangle";
                out.add(new Strategy(kind, List.of(c, p), new double[]{1, 1}, v, () -> "the greater uncovered requirement ("
                        + (callGreater ? "call " : "put ") + Explain.fixed(callGreater ? uc : up, 2) + " against "
                        + (callGreater ? "put " : "call ") + Explain.fixed(callGreater ? up : uc, 2) + ") + the other "
                        + "side's premium " + Explain.fixed(callGreater ? p.price * p.mult : c.price * c.mult, 2)
                        + " [" + CBOE + ", Short Put and Short Call; FINRA Rule 4210(f)(2)]"));
            }
        }
    }

    /** Long stock {@code st} with short calls, long puts, or both (conversions and collars). */
    private void longStockHedges(List<Strategy> out, Leg st, List<Leg> shortCalls, List<Leg> longPuts) {
        Param maint = params.longStockMaintenance();
        Param hedge = params.hedgePct();
        for (Leg c : shortCalls) {
            double valued = Math.min(st.price, c.strike);
            out.add(new Strategy("covered call", List.of(c, st), new double[]{1, c.mult},
                    maint.value() * valued * c.mult, () -> "no requirement on the call; the stock at "
                    + maint.cite() + " × min(price " + fmt(st.price) + ", strike " + fmt(c.strike) + ") × "
                    + fmt(c.mult) + " shares [" + CBOE + ", Short Call and Long Underlying: the stock is valued at "
                    + "no more than the call's exercise price; FINRA Rule 4210(f)(2)]"));
        }
        for (Leg p : longPuts) {
            double otm = Math.max(0, st.price - p.strike);
            double a = hedge.value() * p.strike + otm;
            double b = maint.value() * st.price;
            out.add(new Strategy("long put and long stock", List.of(p, st), new double[]{1, p.mult},
                    Math.min(a, b) * p.mult, () -> "lesser of " + hedge.cite() + " × strike " + fmt(p.strike)
                    + " + out-of-the-money " + fmt(otm) + " = " + Explain.fixed(a, 4) + " and " + maint.cite()
                    + " × price " + fmt(st.price) + " = " + Explain.fixed(b, 4) + ", × " + fmt(p.mult)
                    + " shares; the put is paid in full below [" + CBOE + ", Long Put and Long Underlying]"));
        }
        for (Leg p : longPuts) {
            for (Leg c : shortCalls) {
                if (p.mult != c.mult || !p.expiry.equals(c.expiry)) {
                    continue;
                }
                if (p.strike == c.strike) {
                    out.add(new Strategy("conversion", List.of(p, c, st), new double[]{1, 1, p.mult},
                            hedge.value() * p.strike * p.mult, () -> hedge.cite() + " × strike " + fmt(p.strike)
                            + " × " + fmt(p.mult) + " shares; no requirement on the call, the put paid in full "
                            + "below [" + CBOE + ", Conversion]"));
                } else if (p.strike < c.strike) {
                    double otm = Math.max(0, st.price - p.strike);
                    double a = hedge.value() * p.strike + otm;
                    double b = maint.value() * c.strike;
                    out.add(new Strategy("collar", List.of(p, c, st), new double[]{1, 1, p.mult},
                            Math.min(a, b) * p.mult, () -> "lesser of " + hedge.cite() + " × put strike "
                            + fmt(p.strike) + " + put out-of-the-money " + fmt(otm) + " = " + Explain.fixed(a, 4)
                            + " and " + maint.cite() + " × call strike " + fmt(c.strike) + " = "
                            + Explain.fixed(b, 4) + ", × " + fmt(p.mult) + " shares; no requirement on the call, "
                            + "the put paid in full below [" + CBOE + ", Collar]"));
                }
            }
        }
    }

    /** Short stock {@code st} with short puts, long calls, or both (reverse conversions). */
    private void shortStockHedges(List<Strategy> out, Leg st, List<Leg> shortPuts, List<Leg> longCalls) {
        Param hedge = params.hedgePct();
        double perShare = stockPerShare(st);
        for (Leg p : shortPuts) {
            double itm = Math.max(0, p.strike - st.price);
            out.add(new Strategy("covered put", List.of(p, st), new double[]{1, p.mult},
                    (perShare + itm) * p.mult, () -> "no requirement on the put; short-stock requirement "
                    + Explain.fixed(perShare, 4) + " per share + the put's in-the-money amount " + fmt(itm) + ", × "
                    + fmt(p.mult) + " shares [" + CBOE + ", Short Put and Short Underlying]"));
        }
        for (Leg c : longCalls) {
            double otm = Math.max(0, c.strike - st.price);
            double a = hedge.value() * c.strike + otm;
            out.add(new Strategy("long call and short stock", List.of(c, st), new double[]{1, c.mult},
                    Math.min(a, perShare) * c.mult, () -> "lesser of " + hedge.cite() + " × strike " + fmt(c.strike)
                    + " + out-of-the-money " + fmt(otm) + " = " + Explain.fixed(a, 4) + " and the short-stock "
                    + "requirement " + Explain.fixed(perShare, 4) + " per share, × " + fmt(c.mult) + " shares; the "
                    + "call is paid in full below [" + CBOE + ", Long Call and Short Underlying]"));
        }
        for (Leg c : longCalls) {
            for (Leg p : shortPuts) {
                if (p.mult == c.mult && p.expiry.equals(c.expiry) && p.strike == c.strike) {
                    double itm = Math.max(0, p.strike - st.price);
                    out.add(new Strategy("reverse conversion", List.of(p, c, st), new double[]{1, 1, p.mult},
                            (hedge.value() * p.strike + itm) * p.mult, () -> hedge.cite() + " × strike "
                            + fmt(p.strike) + " + the put's in-the-money amount " + fmt(itm) + ", × " + fmt(p.mult)
                            + " shares; no requirement on the put, the call paid in full below [" + CBOE
                            + ", Reverse Conversion]"));
                }
            }
        }
    }

    /** Butterflies: three strikes of one right, expiry and multiplier, 1 : 2 : 1 (long and short). */
    private static void butterflies(List<Strategy> out, List<Leg> longs, List<Leg> shorts) {
        butterflies(out, longs, shorts, "long butterfly", CBOE + ", Long Butterfly Spread");
        butterflies(out, shorts, longs, "short butterfly", CBOE + ", Short Butterfly Spread");
    }

    /** The butterflies whose wings are two of {@code wings} and whose body is one of {@code bodies}. */
    private static void butterflies(List<Strategy> out, List<Leg> wings, List<Leg> bodies, String name,
                                    String source) {
        for (Leg w1 : wings) {
            for (Leg w3 : wings) {
                if (w3.strike <= w1.strike || !same(w1, w3)) {
                    continue;
                }
                for (Leg body : bodies) {
                    if (same(w1, body) && body.strike > w1.strike && body.strike < w3.strike) {
                        out.add(expiryStrategy(name, List.of(w1, body, w3), new double[]{1, 2, 1}, source));
                    }
                }
            }
        }
    }

    /** Boxes, iron condors and iron butterflies: a call spread and a put spread of one expiry. */
    private static void fourLegs(List<Strategy> out, List<Leg> shortCalls, List<Leg> longCalls, List<Leg> shortPuts,
                                 List<Leg> longPuts) {
        for (Leg sc : shortCalls) {
            for (Leg lc : longCalls) {
                if (!same(sc, lc)) {
                    continue;
                }
                for (Leg sp : shortPuts) {
                    if (!same(sc, sp)) {
                        continue;
                    }
                    for (Leg lp : longPuts) {
                        if (!same(sc, lp)) {
                            continue;
                        }
                        String kind;
                        if (sc.strike == lp.strike && lc.strike == sp.strike) {
                            kind = sc.strike < lc.strike ? "short box spread" : "long box spread";
                        } else if (sc.strike < lc.strike && lp.strike < sp.strike) {
                            kind = sc.strike == sp.strike ? "iron butterfly" : "iron condor";
                        } else {
                            kind = "call and put spread";
                        }
                        out.add(expiryStrategy(kind, List.of(sc, lc, sp, lp), new double[]{1, 1, 1, 1}, CBOE
                                + (kind.endsWith("box spread") ? ", " + (kind.startsWith("short") ? "Short" : "Long")
                                + " Box Spread" : ", Put Spread or Call Spread (both spreads cannot lose at once)")));
                    }
                }
            }
        }
    }

    /** Same expiry and multiplier. */
    private static boolean same(Leg a, Leg b) {
        return a.mult == b.mult && a.expiry.equals(b.expiry);
    }

    /** A strategy of options of one expiry margined at its maximum loss at expiry (premiums aside). */
    private static Strategy expiryStrategy(String name, List<Leg> legs, double[] ratio, String rule) {
        // the payoff is piecewise linear: its minimum is at 0, a strike, or beyond the highest strike; the points in
        // ascending order, each once (as Double.compare orders and tells them apart)
        double[] points = new double[legs.size() + 2];
        points[0] = 0.0;
        for (int k = 0; k < legs.size(); k++) {
            points[k + 1] = legs.get(k).strike;
        }
        java.util.Arrays.sort(points, 0, legs.size() + 1);
        int n = 1;
        for (int k = 1; k < legs.size() + 1; k++) {
            if (Double.compare(points[k], points[n - 1]) != 0) {
                points[n++] = points[k];
            }
        }
        double beyond = points[n - 1] * 2 + 1;
        if (Double.compare(beyond, points[n - 1]) > 0) {
            points[n++] = beyond;
        }
        double worst = 0;
        double at = 0;
        for (int i = 0; i < n; i++) {
            double s = points[i];
            double payoff = 0;
            for (int k = 0; k < legs.size(); k++) {
                Leg l = legs.get(k);
                double intrinsic = Math.max(0, l.call() ? s - l.strike : l.strike - s);
                payoff += (l.isLong ? 1 : -1) * ratio[k] * intrinsic;
            }
            if (payoff < worst) {
                worst = payoff;
                at = s;
            }
        }
        double mult = legs.get(0).mult;
        double loss = -worst;
        double worstAt = at;
        return new Strategy(name, legs, ratio, loss * mult, () -> "maximum loss at expiry " + fmt(loss)
                + (loss > 0 ? " (underlying at " + fmt(worstAt) + ")" : "") + " × " + fmt(mult) + "; long legs are paid "
                + "in full below [" + rule + "; FINRA Rule 4210(f)(2)]");
    }

    /**
     * What pairing costs a strategy's long-term long legs: alone they need {@code longTermMaintenance} of their value,
     * in a strategy they are paid in full, so the optimizer sees the difference as part of the strategy's cost.
     */
    private double longTermSurcharge(Strategy s) {
        double extra = 0;
        for (int k = 0; k < s.legs().size(); k++) {
            Leg l = s.legs().get(k);
            if (l.longTerm) {
                extra += s.perUnit()[k] * l.mult * l.price
                        * (params.longOption().value() - params.longTermMaintenance().value());
            }
        }
        return extra;
    }

    // ---- stand-alone requirements -----------------------------------------------------------------------------

    /** 4210(c) maintenance per share of a stock position margined alone. */
    private double stockPerShare(Leg st) {
        if (st.isLong) {
            return params.longStockMaintenance().value() * st.price;
        }
        boolean low = st.price < params.lowPriceThreshold().value();
        Param pct = low ? params.lowPriceMaintenance() : params.shortStockMaintenance();
        Param perShare = low ? params.lowPricePerShare() : params.shortStockPerShare();
        return Math.max(pct.value() * st.price, perShare.value());
    }

    /** FINRA 4210(f)(2)(D)(i): an uncovered short option, per contract. */
    private double uncoveredPerContract(Leg s) {
        return uncovered(s, 1)[0];
    }

    /** {requirement, premium, percentage part, minimum part, underlying value, out-of-the-money} for n contracts. */
    private double[] uncovered(Leg s, double n) {
        double unit = n * s.mult;
        double premium = s.price * unit;
        double underlying = s.spot * unit;
        double otm = Math.max(0, s.put() ? s.spot - s.strike : s.strike - s.spot) * unit;
        double pctPart = s.pct.value() * underlying - otm;
        double minPart = params.minimumPct().value() * (s.put() ? s.strike * unit : underlying);
        return new double[]{premium + Math.max(pctPart, minPart), premium, pctPart, minPart, underlying, otm};
    }

    private Explain shortOption(Leg s, double n) {
        double[] u = uncovered(s, n);
        double unit = n * s.mult;
        return Explain.of(s.name() + (n < s.qty ? " (" + fmt(n) + " uncovered)" : ""), u[0],
                "short option uncovered: 100 % of premium + max(" + s.pct.cite() + " × underlying value − "
                        + "out-of-the-money amount, " + params.minimumPct().cite() + " × "
                        + (s.put() ? "strike value" : "underlying value") + ")", List.of(
                        Explain.leaf("premium", u[1], fmt(n) + " × " + fmt(s.mult) + " × " + fmt(s.price)),
                        Explain.leaf("percentage of underlying less out-of-the-money", u[2], "underlying value "
                                + Explain.fixed(u[4], 2) + " (" + s.spotBasis + "), out-of-the-money "
                                + Explain.fixed(u[5], 2)),
                        Explain.leaf("minimum", u[3], s.put() ? "strike " + fmt(s.strike) + " × " + fmt(unit)
                                : "underlying value")));
    }

    /** A US government security: a percentage of its market value by residual maturity, long or short. */
    private Explain government(Position p, LocalDate asOf) {
        double mv = Math.abs(Positions.marketValue(p));
        LocalDate maturity = p.product().expiry();
        if (maturity != null && maturity.isAfter(asOf)) {
            MaturityLadder.Band band = params.governmentLadder().band(asOf, maturity);
            return Explain.leaf(Positions.describe(p), band.rate().value() * mv, "government security maturing "
                    + maturity + " (" + Explain.fixed(java.time.temporal.ChronoUnit.DAYS.between(asOf, maturity)
                    / 365.25, 2) + " years from " + asOf + ", band " + band.describe() + "): " + band.rate().cite()
                    + " × market value " + Explain.fixed(mv, 2));
        }
        Param pct = params.governmentSecurities().get(p.product().taxonomy());
        return Explain.leaf(Positions.describe(p), pct.value() * mv, "government security without a maturity date "
                + "on the report: its taxonomy bucket's rate " + pct.cite() + " × market value " + Explain.fixed(mv, 2));
    }

    /** Stock margined alone (the shares no strategy took). */
    private Explain stock(Leg st, double shares) {
        double mv = shares * st.price;
        String part = shares < st.qty ? " (" + fmt(shares) + " shares not paired)" : "";
        if (st.isLong) {
            double v = params.longStockMaintenance().value() * mv;
            return Explain.leaf(st.name() + part, v, "long stock: " + params.longStockMaintenance()
                    .cite() + " × market value " + Explain.fixed(mv, 2) + " (Reg T initial " + params.longStockInitial()
                    .cite() + " = " + Explain.fixed(params.longStockInitial().value() * mv, 2) + ")");
        }
        boolean low = st.price < params.lowPriceThreshold().value();
        Param pct = low ? params.lowPriceMaintenance() : params.shortStockMaintenance();
        Param perShare = low ? params.lowPricePerShare() : params.shortStockPerShare();
        double v = Math.max(pct.value() * mv, perShare.value() * shares);
        return Explain.leaf(st.name() + part, v, "short stock" + (low ? " below "
                + params.lowPriceThreshold().cite() : "") + ": max(" + pct.cite() + " × market value "
                + Explain.fixed(mv, 2) + ", " + perShare.cite() + " per share × " + fmt(shares) + ") (Reg T initial "
                + params.shortStockInitial().cite() + " = " + Explain.fixed(params.shortStockInitial().value() * mv, 2)
                + ", the proceeds included)");
    }
}
