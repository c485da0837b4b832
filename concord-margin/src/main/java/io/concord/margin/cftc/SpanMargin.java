package io.concord.margin.cftc;

import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginSilo;
import io.concord.margin.MarketContext;
import io.concord.margin.OptionPricing;
import io.concord.margin.Param;
import io.concord.margin.Positions;
import io.concord.margin.SiloResult;
import io.concord.margin.Unmargined;
import io.concord.margin.cftc.SpanParameters.CombinedCommodity;
import io.concord.margin.cftc.SpanParameters.GivenArray;
import io.concord.margin.cftc.SpanParameters.InterSpread;
import io.concord.margin.cftc.SpanParameters.IntraSpread;
import io.concord.margin.cftc.SpanParameters.Leg;
import io.concord.margin.cftc.SpanParameters.Scenario;
import io.concord.margin.cftc.SpanParameters.Tier;
import io.concord.model.Position;
import io.concord.model.Product;
import io.concord.model.PutCall;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.concord.margin.Positions.fmt;

/**
 * CFTC futures and options on futures, SPAN style, per combined commodity (the products sharing a margin key):
 * scan risk over the 16 risk scenarios + intra-commodity spread charges between tiers + spot-month charge −
 * inter-commodity spread credits, floored by the short option minimum, less the net option value. Risk arrays are
 * computed (futures linear in the price scan range, options with Black-76) or given as data. The requirement is
 * the maintenance level; initial = maintenance × the configured ratio.
 */
public final class SpanMargin implements MarginSilo {

    public static final String ID = "CFTC_SPAN";

    private final SpanParameters params;

    public SpanMargin(SpanParameters params) {
        this.params = params;
    }

    @Override
    public String id() {
        return ID;
    }

    /** One position's risk array (losses positive, whole position), delta and option value. */
    record Array(Position position, double[] losses, double delta, String month, double optionValue, String basis) {
    }

    /** A combined commodity's figures before and after spreads. */
    static final class Commodity {
        final CombinedCommodity cc;
        final List<Array> arrays = new ArrayList<>();
        final Map<String, Double> monthDelta = new java.util.TreeMap<>();
        /** Per tier: {sum of long month deltas, sum of short month deltas (positive)}, as spreads consume them. */
        final Map<Integer, double[]> tierDelta = new java.util.TreeMap<>();
        double[] scenarioLoss = new double[16];
        int worst;
        double scanRisk;
        double timeRisk;
        double priceRisk;
        String priceRiskBasis = "";
        double shortCalls;
        double shortPuts;
        double netDelta;
        double remainingDelta;
        double intra;
        double spot;
        double inter;
        double som;
        double nov;
        final List<Explain> intraKids = new ArrayList<>();
        final List<Explain> interKids = new ArrayList<>();
        Explain spotExplain;

        Commodity(CombinedCommodity cc) {
            this.cc = cc;
        }

        /** Weighted futures price risk: price risk per delta-equivalent contract. */
        double wfpr() {
            return netDelta == 0 ? 0 : priceRisk / Math.abs(netDelta);
        }

        double risk() {
            return Math.max(scanRisk + intra + spot - inter, som);
        }

        double maintenance() {
            return Math.max(0, risk() - nov);
        }
    }

    @Override
    public SiloResult margin(MarginAccount account, List<Position> positions, MarketContext market) {
        List<Unmargined> unmargined = new ArrayList<>();
        Map<String, Commodity> ccs = new LinkedHashMap<>();
        for (Position p : positions) {
            CombinedCommodity cc = params.commodities().get(p.product().marginKey());
            if (cc == null) {
                unmargined.add(Unmargined.of(ID, p, "span.yaml has no combined commodity " + p.product().marginKey()));
                continue;
            }
            try {
                Array a = array(cc, p, market);
                ccs.computeIfAbsent(cc.key(), k -> new Commodity(cc)).arrays.add(a);
            } catch (MarketContext.Missing e) {
                unmargined.add(Unmargined.of(ID, p, e.getMessage()));
            }
        }
        for (Commodity c : ccs.values()) {
            scan(c, market);
        }
        interCredits(ccs);
        List<Explain> kids = new ArrayList<>();
        double total = 0;
        for (Commodity c : ccs.values()) {
            Explain e = explain(c);
            total += e.amount().doubleValue();
            kids.add(e);
        }
        Explain root = Explain.of(ID + " requirement", total, "SPAN maintenance, sum over combined commodities of "
                + "max(scan risk + intra-commodity charge + spot-month charge − inter-commodity credit, short option "
                + "minimum) − net option value, floored at 0; initial = maintenance × "
                + params.initialToMaintenance().cite() + " = " + Explain.fixed(total * params.initialToMaintenance().value(), 2)
                + "; parameters: " + params.provenance(), kids);
        return new SiloResult(ID, root, unmargined);
    }

    /** The position's risk array, computed or given. */
    private Array array(CombinedCommodity cc, Position p, MarketContext market) {
        Product pr = p.product();
        double qty = p.netQty().doubleValue();
        String month = month(pr);
        if (tier(cc, month) == null) {
            throw new MarketContext.Missing("contract month " + month + " is in no tier of " + cc.key() + " in span.yaml");
        }
        Param psrParam = cc.monthScanRanges().getOrDefault(month, cc.priceScanRange());
        double psr = psrParam.value();
        double[] losses = new double[16];
        GivenArray given = cc.givenArrays().isEmpty() ? null : cc.givenArrays().get(instrumentKey(pr, month));
        double optionValue = 0;
        if (pr.putCall() != null && p.price() != null) {
            optionValue = qty * p.price().doubleValue() * pr.multiplier().doubleValue();
        }
        if (given != null) {
            for (int i = 0; i < 16; i++) {
                losses[i] = given.losses()[i] * qty;
            }
            if (pr.putCall() != null && p.price() == null) {
                throw new MarketContext.Missing("the report carries no option settlement price for the net option value");
            }
            return new Array(p, losses, given.delta().value() * qty, month, optionValue, "given array for "
                    + instrumentKey(pr, month) + " [" + given.source() + "] × " + fmt(qty) + "; delta "
                    + given.delta().cite());
        }
        if (pr.putCall() == null) {
            for (int i = 0; i < 16; i++) {
                Scenario s = params.scenarios().get(i);
                losses[i] = -s.priceMove() * psr * s.cover() * qty;
            }
            return new Array(p, losses, qty, month, 0, "future: −(price move × scan range " + psrParam.cite()
                    + ") × cover × " + fmt(qty));
        }
        MarketContext.Quote f = market.underlyingPrice(p);
        MarketContext.Quote vol = market.volatility(pr);
        MarketContext.Quote r = market.riskFreeRate();
        LocalDate expiry = expiry(cc, pr);
        double t = market.years(expiry);
        double k = pr.strike().doubleValue();
        double mult = pr.multiplier().doubleValue();
        boolean put = pr.putCall() == PutCall.PUT;
        double points = psr / mult;
        double v0 = OptionPricing.black76(f.value(), k, t, vol.value(), r.value(), put);
        for (int i = 0; i < 16; i++) {
            Scenario s = params.scenarios().get(i);
            double v = OptionPricing.black76(f.value() + s.priceMove() * points, k, t,
                    Math.max(1e-6, vol.value() + s.volMove() * cc.volatilityScanRange().value()), r.value(), put);
            losses[i] = (v0 - v) * mult * s.cover() * qty;
        }
        if (p.price() == null) {
            optionValue = qty * v0 * mult;
        }
        double delta = OptionPricing.black76Delta(f.value(), k, t, vol.value(), r.value(), put) * qty;
        return new Array(p, losses, delta, month, optionValue, "Black-76 " + pr.putCall() + " " + fmt(k) + " expiring "
                + expiry + " (" + Explain.fixed(t, 4) + " y); future " + f.basis() + "; " + vol.basis()
                + " ± scan " + cc.volatilityScanRange().cite() + "; " + r.basis() + "; price scan range "
                + psrParam.cite() + " = " + Explain.fixed(points, 4) + " points; theoretical value now "
                + Explain.fixed(v0, 4) + (p.price() == null ? " (no settlement price reported: used for the "
                + "net option value)" : "") + "; delta " + Explain.fixed(delta, 4));
    }

    private void scan(Commodity c, MarketContext market) {
        for (Array a : c.arrays) {
            for (int i = 0; i < 16; i++) {
                c.scenarioLoss[i] += a.losses()[i];
            }
            c.netDelta += a.delta();
            c.nov += a.optionValue();
            PutCall pc = a.position().product().putCall();
            if (pc == PutCall.CALL) {
                c.shortCalls += a.position().shortQty().doubleValue();
            } else if (pc == PutCall.PUT) {
                c.shortPuts += a.position().shortQty().doubleValue();
            }
            c.monthDelta.merge(a.month(), a.delta(), Double::sum);
        }
        c.som = Math.max(c.shortCalls, c.shortPuts) * c.cc.shortOptionMinimum().value();
        c.worst = 0;
        for (int i = 1; i < 16; i++) {
            if (c.scenarioLoss[i] > c.scenarioLoss[c.worst]) {
                c.worst = i;
            }
        }
        c.scanRisk = Math.max(0, c.scenarioLoss[c.worst]);
        priceRisk(c);
        c.monthDelta.forEach((month, d) -> {
            double[] ls = c.tierDelta.computeIfAbsent(tier(c.cc, month).tier(), t -> new double[2]);
            ls[d > 0 ? 0 : 1] += Math.abs(d);
        });
        for (IntraSpread s : c.cc.intraSpreads()) {
            double[] a = c.tierDelta.get(s.tierA());
            double[] b = c.tierDelta.get(s.tierB());
            if (a == null || b == null) {
                continue;
            }
            double n;
            String what;
            if (s.withinTier()) {
                n = Math.min(a[0], a[1]);
                a[0] -= n;
                a[1] -= n;
                what = "long months of tier " + s.tierA() + " v its short months";
            } else {
                double na = a[0] - a[1];
                double nb = b[0] - b[1];
                if (na * nb >= 0) {
                    continue;
                }
                n = Math.min(Math.abs(na), Math.abs(nb));
                a[na > 0 ? 0 : 1] -= n;
                b[nb > 0 ? 0 : 1] -= n;
                what = "tier " + s.tierA() + " v tier " + s.tierB();
            }
            if (n <= 1e-12) {
                continue;
            }
            c.intra += n * s.charge().value();
            c.intraKids.add(Explain.leaf(what, n * s.charge().value(), Explain.fixed(n, 4) + " spreads (delta-"
                    + "equivalent contracts) × " + s.charge().cite()));
        }
        if (c.cc.spotMonth() != null) {
            double spotDelta = 0;
            for (Array a : c.arrays) {
                LocalDate exp = a.position().product().expiry();
                if (exp != null && ChronoUnit.DAYS.between(market.asOf(), exp) <= c.cc.spotMonth().withinDays().value()) {
                    spotDelta += a.delta();
                }
            }
            c.spot = Math.abs(spotDelta) * c.cc.spotMonth().chargePerContract().value();
            c.spotExplain = Explain.leaf("spot-month charge", c.spot, "|net delta of positions expiring within "
                    + c.cc.spotMonth().withinDays().cite() + " days| " + Explain.fixed(Math.abs(spotDelta), 4)
                    + " × " + c.cc.spotMonth().chargePerContract().cite());
        }
        c.remainingDelta = c.netDelta;
    }

    /**
     * SPAN splits the scan risk into time risk (the average of the two price-unchanged scenarios), volatility risk
     * and price risk: with the worst scenario and its pair (same price move, the other volatility move), price risk
     * = the pair's average loss − time risk; a worst scenario without a pair (an extreme move) is all price risk
     * beyond time risk. Floored at 0. Inter-commodity credits are taken on price risk per delta.
     */
    private void priceRisk(Commodity c) {
        List<Scenario> sc = params.scenarios();
        double timeSum = 0;
        int timeCount = 0;
        for (int i = 0; i < 16; i++) {
            if (sc.get(i).priceMove() == 0 && sc.get(i).cover() == 1) {
                timeSum += c.scenarioLoss[i];
                timeCount++;
            }
        }
        c.timeRisk = timeCount == 0 ? 0 : timeSum / timeCount;
        if (c.scanRisk <= 0) {
            c.priceRisk = 0;
            c.priceRiskBasis = "no scan risk";
            return;
        }
        Scenario w = sc.get(c.worst);
        int pair = -1;
        for (int i = 0; i < 16; i++) {
            Scenario o = sc.get(i);
            if (i != c.worst && o.priceMove() == w.priceMove() && o.cover() == w.cover() && o.volMove() == -w.volMove()) {
                pair = i;
            }
        }
        double pricePart = pair < 0 ? c.scanRisk : (c.scenarioLoss[c.worst] + c.scenarioLoss[pair]) / 2;
        c.priceRisk = Math.max(0, pricePart - c.timeRisk);
        c.priceRiskBasis = (pair < 0 ? "scan risk " + Explain.fixed(c.scanRisk, 2) : "average of scenarios "
                + (c.worst + 1) + " and " + (pair + 1) + " " + Explain.fixed(pricePart, 2)) + " − time risk "
                + Explain.fixed(c.timeRisk, 2) + " = price risk " + Explain.fixed(c.priceRisk, 2);
    }

    /** Inter-commodity spreads in priority order, on the deltas the earlier spreads left. */
    private void interCredits(Map<String, Commodity> ccs) {
        int priority = 0;
        for (InterSpread s : params.interSpreads()) {
            priority++;
            double n = Double.MAX_VALUE;
            Double signA = null;
            boolean ok = true;
            for (Leg l : s.legs()) {
                Commodity c = ccs.get(l.commodity());
                if (c == null || c.remainingDelta == 0) {
                    ok = false;
                    break;
                }
                double sign = Math.signum(c.remainingDelta) * (l.side().equals("A") ? 1 : -1);
                if (signA == null) {
                    signA = sign;
                } else if (signA != sign) {
                    ok = false;
                    break;
                }
                n = Math.min(n, Math.abs(c.remainingDelta) / l.ratio());
            }
            if (!ok || n <= 0) {
                continue;
            }
            for (Leg l : s.legs()) {
                Commodity c = ccs.get(l.commodity());
                double used = n * l.ratio();
                double credit;
                String how;
                if (s.rateType() == SpanParameters.RateType.PRICE_RISK) {
                    credit = l.credit().value() * used * c.wfpr();
                    how = l.credit().cite() + " × " + Explain.fixed(used, 4) + " delta in the spread × weighted "
                            + "futures price risk " + Explain.fixed(c.wfpr(), 2) + " (" + c.priceRiskBasis
                            + ", / |net delta| " + Explain.fixed(Math.abs(c.netDelta), 4) + ")";
                } else {
                    credit = l.credit().value() * used;
                    how = l.credit().cite() + " dollars per contract × " + Explain.fixed(used, 4) + " delta in the spread";
                }
                c.remainingDelta -= Math.signum(c.remainingDelta) * used;
                c.inter += credit;
                c.interKids.add(Explain.leaf("spread " + s.id() + " (priority " + priority + ", " + fmt(n)
                        + " spreads, leg " + l.side() + " ratio " + fmt(l.ratio()) + ")", credit, s.rateType() + ": "
                        + how));
            }
        }
    }

    private Explain explain(Commodity c) {
        List<Explain> kids = new ArrayList<>();
        Scenario w = params.scenarios().get(c.worst);
        List<Explain> pos = new ArrayList<>();
        for (Array a : c.arrays) {
            pos.add(Explain.leaf(Positions.describe(a.position()), a.losses()[c.worst], a.basis()));
        }
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            all.append(i == 0 ? "" : ", ").append(i + 1).append(": ").append(Explain.fixed(c.scenarioLoss[i], 2));
        }
        kids.add(Explain.of("scan risk: scenario " + (c.worst + 1) + " (price " + fmt(w.priceMove()) + " × range, vol "
                + fmt(w.volMove()) + ", cover " + fmt(w.cover()) + ")", c.scanRisk, "largest loss over the 16 "
                + "scenarios [" + params.scenarioSource() + "]; losses by scenario: " + all, pos));
        kids.add(Explain.of("intra-commodity spread charge", c.intra, "spreads of the combined commodity's table in "
                + "priority order, between tiers on the tiers' net deltas and within a tier on its long and short "
                + "months' deltas", c.intraKids));
        if (c.spotExplain != null) {
            kids.add(c.spotExplain);
        }
        kids.add(Explain.of("inter-commodity spread credit", c.inter, "subtracted; spreads in priority order on the "
                + "deltas earlier spreads left, each leg at its own rate", c.interKids));
        kids.add(Explain.leaf("short option minimum", c.som, c.cc.shortOptionMinimum().cite()
                + " × the greater of the short calls " + fmt(c.shortCalls) + " and the short puts " + fmt(c.shortPuts)
                + " (CME Clearing Advisory 99-65, July 1999: the short option minimum is charged on the greater of "
                + "the short calls or the short puts, not their sum)"));
        kids.add(Explain.leaf("net option value", c.nov, "long minus short option value at settlement price × multiplier"
                + " (subtracted)"));
        return Explain.of("combined commodity " + c.cc.key(), c.maintenance(), "max(" + Explain.fixed(c.scanRisk, 2)
                + " + " + Explain.fixed(c.intra, 2) + " + " + Explain.fixed(c.spot, 2) + " − "
                + Explain.fixed(c.inter, 2) + ", " + Explain.fixed(c.som, 2) + ") − "
                + Explain.fixed(c.nov, 2) + ", floored at 0; initial " + Explain.fixed(c.maintenance() * params.initialToMaintenance().value(), 2), kids);
    }

    /** A contract month as {@code YYYYMM}. */
    private static final java.util.regex.Pattern CONTRACT_MONTH = java.util.regex.Pattern.compile("\\d{6}");

    private String month(Product pr) {
        if (pr.ids().maturity() != null && CONTRACT_MONTH.matcher(pr.ids().maturity()).matches()) {
            return pr.ids().maturity();
        }
        if (pr.expiry() != null) {
            int month = pr.expiry().getMonthValue();
            return pr.expiry().getYear() + (month < 10 ? "0" : "") + month;
        }
        throw new MarketContext.Missing("no contract month (maturity) or expiry on the report");
    }

    private static String instrumentKey(Product pr, String month) {
        return pr.putCall() == null ? month : month + " " + (pr.putCall() == PutCall.CALL ? "C" : "P") + " "
                + pr.strike().stripTrailingZeros().toPlainString();
    }

    private static Tier tier(CombinedCommodity cc, String month) {
        for (Tier t : cc.tiers()) {
            if (t.contains(month)) {
                return t;
            }
        }
        return null;
    }

    private static LocalDate expiry(CombinedCommodity cc, Product pr) {
        if (pr.expiry() != null) {
            return pr.expiry();
        }
        if ("THIRD_FRIDAY".equals(cc.expiryRule()) && pr.ids().maturity() != null
                && CONTRACT_MONTH.matcher(pr.ids().maturity()).matches()) {
            LocalDate first = LocalDate.of(Integer.parseInt(pr.ids().maturity().substring(0, 4)),
                    Integer.parseInt(pr.ids().maturity().substring(4)), 1);
            return first.with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.FRIDAY));
        }
        throw new MarketContext.Missing("option has no expiry and span.yaml gives no expiryRule for " + cc.key());
    }
}
