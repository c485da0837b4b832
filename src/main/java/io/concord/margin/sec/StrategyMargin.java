package io.concord.margin.sec;

import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginSilo;
import io.concord.margin.MarketContext;
import io.concord.margin.Param;
import io.concord.margin.Positions;
import io.concord.margin.SiloResult;
import io.concord.margin.Unmargined;
import io.concord.model.Position;
import io.concord.model.Product;
import io.concord.model.PutCall;
import io.concord.model.Regime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.concord.margin.Positions.fmt;

/**
 * Regulation T / FINRA Rule 4210 strategy-based margin for securities accounts not approved for portfolio
 * margin: long stock, short stock, long options paid in full, short options at 100 % of premium plus a percentage
 * of the underlying less the out-of-the-money amount (with a minimum), and spreads at their maximum loss. The
 * requirement is the maintenance level; the Reg T initial level for long stock is in the tree.
 */
public final class StrategyMargin implements MarginSilo {

    public static final String ID = "SEC_REGT";

    private final StrategyParameters params;

    public StrategyMargin(StrategyParameters params) {
        this.params = params;
    }

    @Override
    public String id() {
        return ID;
    }

    /** An option position with what the rules need. */
    private record Opt(Position p, double qty, double strike, double mult, double premium, double spot,
                       String spotBasis, Param pct) {
        boolean put() {
            return p.product().putCall() == PutCall.PUT;
        }
    }

    @Override
    public SiloResult margin(MarginAccount account, List<Position> positions, MarketContext market) {
        List<Unmargined> unmargined = new ArrayList<>();
        List<Explain> kids = new ArrayList<>();
        Map<String, List<Opt>> longs = new LinkedHashMap<>();
        Map<String, List<Opt>> shorts = new LinkedHashMap<>();
        for (Position p : positions) {
            Product pr = p.product();
            String family = Positions.family(pr.taxonomy());
            try {
                if (pr.putCall() == null && pr.regime() == Regime.SECURITY && params.stockFamilies().contains(family)) {
                    kids.add(stock(p));
                } else if (pr.regime() == Regime.SECURITY && params.governmentSecurities().containsKey(pr.taxonomy())) {
                    kids.add(government(p, params.governmentSecurities().get(pr.taxonomy())));
                } else if (pr.regime() == Regime.LISTED_OPTION && params.underlyingPct().containsKey(family)) {
                    MarketContext.Quote s = market.underlyingPrice(pr);
                    if (p.price() == null) {
                        throw new MarketContext.Missing("the report carries no option price");
                    }
                    String key = pr.ids().contractCode() + "|" + pr.putCall();
                    double mult = pr.multiplier().doubleValue();
                    if (p.longQty().signum() > 0) {
                        longs.computeIfAbsent(key, k -> new ArrayList<>()).add(new Opt(p, p.longQty().doubleValue(),
                                pr.strike().doubleValue(), mult, p.price().doubleValue(), s.value(), s.basis(),
                                params.underlyingPct().get(family)));
                    }
                    if (p.shortQty().signum() > 0) {
                        shorts.computeIfAbsent(key, k -> new ArrayList<>()).add(new Opt(p, p.shortQty().doubleValue(),
                                pr.strike().doubleValue(), mult, p.price().doubleValue(), s.value(), s.basis(),
                                params.underlyingPct().get(family)));
                    }
                } else {
                    unmargined.add(Unmargined.of(ID, p, "reg-t.yaml has no strategy rule for " + pr.taxonomy()));
                }
            } catch (MarketContext.Missing e) {
                unmargined.add(Unmargined.of(ID, p, e.getMessage()));
            }
        }
        for (Map.Entry<String, List<Opt>> e : shorts.entrySet()) {
            List<Opt> ls = new ArrayList<>(longs.getOrDefault(e.getKey(), List.of()));
            double[] longLeft = ls.stream().mapToDouble(Opt::qty).toArray();
            for (Opt s : e.getValue()) {
                double left = s.qty();
                while (left > 0) {
                    int best = bestLong(s, ls, longLeft);
                    if (best < 0) {
                        break;
                    }
                    double n = Math.min(left, longLeft[best]);
                    longLeft[best] -= n;
                    left -= n;
                    kids.add(spread(s, ls.get(best), n));
                }
                if (left > 0) {
                    kids.add(shortOption(s, left));
                }
            }
        }
        for (List<Opt> ls : longs.values()) {
            for (Opt l : ls) {
                double v = l.qty() * l.mult() * l.premium() * params.longOption().value();
                kids.add(Explain.leaf(Positions.describe(l.p()), v, "long option paid in full: " + fmt(l.qty())
                        + " × " + fmt(l.mult()) + " × premium " + fmt(l.premium()) + " × " + params.longOption().cite()));
            }
        }
        double total = kids.stream().mapToDouble(k -> k.amount().doubleValue()).sum();
        return new SiloResult(ID, Explain.of(ID + " requirement", total, "Regulation T / FINRA Rule 4210 "
                + "strategy-based maintenance: sum of the position and strategy requirements", kids), unmargined);
    }

    /** The long of the same underlying and right, expiring no earlier, that leaves the smallest maximum loss. */
    private static int bestLong(Opt s, List<Opt> ls, double[] left) {
        int best = -1;
        double bestLoss = Double.MAX_VALUE;
        for (int i = 0; i < ls.size(); i++) {
            Opt l = ls.get(i);
            if (left[i] <= 0 || l.p().product().expiry().isBefore(s.p().product().expiry())) {
                continue;
            }
            double loss = maxLoss(s, l);
            if (loss < bestLoss) {
                bestLoss = loss;
                best = i;
            }
        }
        return best;
    }

    private static double maxLoss(Opt s, Opt l) {
        return Math.max(0, s.put() ? s.strike() - l.strike() : l.strike() - s.strike());
    }

    private Explain spread(Opt s, Opt l, double n) {
        double v = maxLoss(s, l) * s.mult() * n;
        return Explain.leaf("spread: " + Positions.describe(s.p()) + " against " + Positions.describe(l.p()), v,
                "maximum loss of " + fmt(n) + " spreads: strike difference " + fmt(maxLoss(s, l)) + " × "
                        + fmt(s.mult()) + " (the long leg is paid in full below; the short premium is kept)");
    }

    private Explain shortOption(Opt s, double n) {
        double unit = n * s.mult();
        double premium = s.premium() * unit;
        double underlying = s.spot() * unit;
        double otm = Math.max(0, s.put() ? s.spot() - s.strike() : s.strike() - s.spot()) * unit;
        double pctPart = s.pct().value() * underlying - otm;
        double minPart = params.minimumPct().value() * (s.put() ? s.strike() * unit : underlying);
        double v = premium + Math.max(pctPart, minPart);
        return Explain.of(Positions.describe(s.p()), v, "short option: 100 % of premium + max(" + s.pct().cite()
                + " × underlying value − out-of-the-money amount, " + params.minimumPct().cite() + " × "
                + (s.put() ? "strike value" : "underlying value") + ")", List.of(
                Explain.leaf("premium", premium, fmt(n) + " × " + fmt(s.mult()) + " × " + fmt(s.premium())),
                Explain.leaf("percentage of underlying less out-of-the-money", pctPart, "underlying value "
                        + Explain.fixed(underlying, 2) + " (" + s.spotBasis() + "), out-of-the-money "
                        + Explain.fixed(otm, 2)),
                Explain.leaf("minimum", minPart, s.put() ? "strike " + fmt(s.strike()) + " × " + fmt(unit)
                        : "underlying value")));
    }

    /** A US government security: a percentage of its market value, long or short. */
    private Explain government(Position p, Param pct) {
        double mv = Math.abs(Positions.marketValue(p));
        return Explain.leaf(Positions.describe(p), pct.value() * mv, "government security: " + pct.cite()
                + " × market value " + Explain.fixed(mv, 2));
    }

    private Explain stock(Position p) {
        if (p.price() == null) {
            throw new MarketContext.Missing("the report carries no price");
        }
        double price = p.price().doubleValue();
        double qty = p.netQty().doubleValue() * p.product().multiplier().doubleValue();
        double mv = Math.abs(qty) * price;
        if (qty >= 0) {
            double v = params.longStockMaintenance().value() * mv;
            return Explain.leaf(Positions.describe(p), v, "long stock: " + params.longStockMaintenance().cite()
                    + " × market value " + Explain.fixed(mv, 2) + " (Reg T initial " + params.longStockInitial()
                    .cite() + " = " + Explain.fixed(params.longStockInitial().value() * mv, 2) + ")");
        }
        boolean low = price < params.lowPriceThreshold().value();
        Param pct = low ? params.lowPriceMaintenance() : params.shortStockMaintenance();
        Param perShare = low ? params.lowPricePerShare() : params.shortStockPerShare();
        double v = Math.max(pct.value() * mv, perShare.value() * Math.abs(qty));
        return Explain.leaf(Positions.describe(p), v, "short stock" + (low ? " below " + params.lowPriceThreshold()
                .cite() : "") + ": max(" + pct.cite() + " × market value " + Explain.fixed(mv, 2) + ", "
                + perShare.cite() + " per share × " + fmt(Math.abs(qty)) + ")");
    }
}
