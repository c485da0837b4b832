package io.concord.margin.event;

import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginSilo;
import io.concord.margin.MarketContext;
import io.concord.margin.Param;
import io.concord.margin.Positions;
import io.concord.margin.SiloResult;
import io.concord.margin.Unmargined;
import io.concord.model.Position;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.concord.margin.Positions.fmt;

/**
 * Event contracts, fully collateralized: each contract is paid for up front (price paid × contracts, the price
 * of the side held: YES, or NO at 1 − the YES price), and positions in one event net to the maximum loss across
 * its outcomes. In an event whose outcomes are mutually exclusive (taxonomy EVENT/BINARY/MUTUALLY_EXCLUSIVE, one
 * winner) the outcomes are each market held plus "another outcome wins"; otherwise each market stands alone with
 * outcomes YES and NO.
 */
public final class EventMargin implements MarginSilo {

    public static final String ID = "EVENT";
    static final String MUTUALLY_EXCLUSIVE = "EVENT/BINARY/MUTUALLY_EXCLUSIVE";
    private static final String OTHER = "another outcome";

    private final Param payout;

    /** @param payout dollars a winning contract pays ({@code mappings/risk/event.yaml}) */
    public EventMargin(Param payout) {
        this.payout = payout;
    }

    @Override
    public String id() {
        return ID;
    }

    private record Leg(Position p, String market, boolean yes, double qty, double price) {
        boolean wins(String outcome, boolean exclusive) {
            if (exclusive) {
                return yes == outcome.equals(market);
            }
            return yes == outcome.equals("YES");
        }
    }

    @Override
    public SiloResult margin(MarginAccount account, List<Position> positions, MarketContext market) {
        List<Unmargined> unmargined = new ArrayList<>();
        Map<String, List<Leg>> groups = new LinkedHashMap<>();
        for (Position p : positions) {
            try {
                Leg leg = leg(p);
                boolean exclusive = p.product().taxonomy().equals(MUTUALLY_EXCLUSIVE);
                String key = exclusive ? "event " + p.product().riskFactor() + " (mutually exclusive outcomes)"
                        : "market " + leg.market() + " of " + p.product().riskFactor();
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(leg);
            } catch (MarketContext.Missing e) {
                unmargined.add(Unmargined.of(ID, p, e.getMessage()));
            }
        }
        List<Explain> kids = new ArrayList<>();
        double total = 0;
        for (Map.Entry<String, List<Leg>> g : groups.entrySet()) {
            boolean exclusive = g.getKey().startsWith("event ");
            Set<String> outcomes = new LinkedHashSet<>();
            if (exclusive) {
                g.getValue().forEach(l -> outcomes.add(l.market()));
                outcomes.add(OTHER);
            } else {
                outcomes.add("YES");
                outcomes.add("NO");
            }
            double cost = 0;
            List<Explain> legs = new ArrayList<>();
            for (Leg l : g.getValue()) {
                cost += l.qty() * l.price();
                legs.add(Explain.leaf(Positions.describe(l.p()), l.qty() * l.price(), (l.yes() ? "YES" : "NO")
                        + " on " + l.market() + ": " + fmt(l.qty()) + " contracts × price paid " + fmt(l.price())));
            }
            double worst = Double.NEGATIVE_INFINITY;
            String worstOutcome = null;
            StringBuilder byOutcome = new StringBuilder();
            for (String o : outcomes) {
                double paid = 0;
                for (Leg l : g.getValue()) {
                    if (l.wins(o, exclusive)) {
                        paid += l.qty() * payout.value();
                    }
                }
                double loss = cost - paid;
                byOutcome.append(byOutcome.length() == 0 ? "" : "; ").append(o).append(" wins: loss ")
                        .append(Explain.fixed(loss, 2));
                if (loss > worst) {
                    worst = loss;
                    worstOutcome = o;
                }
            }
            Explain e = Explain.of(g.getKey(), Math.max(0, worst), "maximum loss across outcomes (" + worstOutcome + " wins): cost "
                    + Explain.fixed(cost, 2) + " − payout of the winning contracts at " + payout.cite() + "; "
                    + byOutcome, legs);
            total += e.amount().doubleValue();
            kids.add(e);
        }
        return new SiloResult(ID, Explain.of(ID + " requirement", total, "fully collateralized event "
                + "contracts: sum over events (or stand-alone markets) of the maximum loss across outcomes", kids),
                unmargined);
    }

    private static Leg leg(Position p) {
        var terms = p.product().terms();
        String side = terms.get("side");
        if (!"YES".equals(side) && !"NO".equals(side)) {
            throw new MarketContext.Missing("terms.side must be YES or NO, got " + side);
        }
        String me = terms.get("mutuallyExclusive");
        boolean exclusive = p.product().taxonomy().equals(MUTUALLY_EXCLUSIVE);
        if (me != null && Boolean.parseBoolean(me) != exclusive) {
            throw new MarketContext.Missing("terms.mutuallyExclusive=" + me + " contradicts taxonomy "
                    + p.product().taxonomy());
        }
        if (p.shortQty().signum() != 0) {
            throw new MarketContext.Missing("event contracts are held long (a sale is a position on the other side); "
                    + "short quantity " + p.shortQty().toPlainString());
        }
        if (p.price() == null || p.price().signum() < 0 || p.price().doubleValue() > 1) {
            throw new MarketContext.Missing("price paid must be between 0 and 1 dollars, got " + p.price());
        }
        String market = p.product().ids().contractCode();
        if (market == null) {
            throw new MarketContext.Missing("no market ticker (contract code)");
        }
        return new Leg(p, market, side.equals("YES"), p.longQty().doubleValue(), p.price().doubleValue());
    }
}
