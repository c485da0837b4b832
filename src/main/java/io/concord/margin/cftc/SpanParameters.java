package io.concord.margin.cftc;

import io.concord.margin.Param;
import io.concord.margin.ParamNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SPAN-style parameters ({@code mappings/risk/span.yaml}): the risk scenarios, the initial-to-maintenance ratio,
 * combined commodities by margin key, and inter-commodity spreads in priority order.
 */
public record SpanParameters(List<Scenario> scenarios, String scenarioSource, Param initialToMaintenance,
                             Map<String, CombinedCommodity> commodities, List<InterSpread> interSpreads) {

    /**
     * One risk scenario.
     *
     * @param priceMove  underlying move as a multiple of the price scan range (−2 … +2)
     * @param volMove    volatility move as a multiple of the volatility scan range (−1, 0, +1)
     * @param cover      fraction of the loss counted (0.35 for the extreme moves)
     */
    public record Scenario(double priceMove, double volMove, double cover) {
    }

    /** A contract-month range (YYYYMM, inclusive) forming one tier of a combined commodity. */
    public record Tier(int tier, String from, String to) {
        boolean contains(String month) {
            return month.compareTo(from) >= 0 && month.compareTo(to) <= 0;
        }
    }

    /** An intra-commodity spread between two tiers, charged per spread (delta-equivalent contract). */
    public record IntraSpread(int tierA, int tierB, Param charge) {
    }

    /** A risk array given as data for one instrument: 16 losses of one long contract, and its delta. */
    public record GivenArray(double[] losses, Param delta, String source) {
    }

    /** Charge per delta-equivalent contract held within {@code withinDays} of its expiry. */
    public record SpotMonth(Param withinDays, Param chargePerContract) {
    }

    /**
     * @param key                   margin key of the products (e.g. {@code CME:ES})
     * @param priceScanRange        dollars per contract for a move of one scan range
     * @param monthScanRanges       contract month (YYYYMM) → its own price scan range, when it differs
     * @param volatilityScanRange   absolute volatility move (0.03 = 3 vol points)
     * @param shortOptionMinimum    dollars per short option contract
     * @param tiers                 contract-month tiers
     * @param intraSpreads          tier spreads in priority order
     * @param spotMonth             spot-month charge, null when the commodity has none
     * @param expiryRule            how to find an option's expiry from its contract month when the report gives
     *                              none (THIRD_FRIDAY), null when not configured
     * @param givenArrays           instrument key ({@code 202612}, {@code 202612 C 6800}) → given risk array
     */
    public record CombinedCommodity(String key, Param priceScanRange, Map<String, Param> monthScanRanges,
                                    Param volatilityScanRange, Param shortOptionMinimum, List<Tier> tiers,
                                    List<IntraSpread> intraSpreads, SpotMonth spotMonth, String expiryRule,
                                    Map<String, GivenArray> givenArrays) {
    }

    /** A leg of an inter-commodity spread: legs on side A are held against legs on side B. */
    public record Leg(String commodity, double ratio, String side) {
    }

    /** An inter-commodity spread: a credit rate on the spread legs' price risk. */
    public record InterSpread(String id, Param credit, List<Leg> legs) {
    }

    public static SpanParameters from(ParamNode root) {
        ParamNode sc = root.child("scenarios");
        List<Scenario> scenarios = new ArrayList<>();
        for (ParamNode row : sc.child("rows").items()) {
            scenarios.add(new Scenario(row.number("price"), row.number("vol"), row.number("cover")));
        }
        if (scenarios.size() != 16) {
            throw sc.child("rows").error("SPAN has 16 risk scenarios, found " + scenarios.size());
        }
        Map<String, CombinedCommodity> ccs = new LinkedHashMap<>();
        root.child("combinedCommodities").entries().forEach((key, n) -> ccs.put(key, commodity(key, n)));
        List<InterSpread> inter = new ArrayList<>();
        for (ParamNode s : root.child("interSpreads").items()) {
            List<Leg> legs = new ArrayList<>();
            for (ParamNode l : s.child("legs").items()) {
                String cc = l.text("commodity");
                if (!ccs.containsKey(cc)) {
                    throw l.child("commodity").error("'" + cc + "' is not a combined commodity in this file");
                }
                String side = l.text("side");
                if (!side.equals("A") && !side.equals("B")) {
                    throw l.child("side").error("must be A or B");
                }
                legs.add(new Leg(cc, l.number("ratio"), side));
            }
            inter.add(new InterSpread(s.text("id"), s.param("credit"), legs));
        }
        return new SpanParameters(scenarios, sc.text("source"), root.param("initialToMaintenance"), ccs, inter);
    }

    private static CombinedCommodity commodity(String key, ParamNode n) {
        Map<String, Param> months = new LinkedHashMap<>();
        n.optional("monthScanRanges").ifPresent(m -> m.entries().forEach((month, p) -> months.put(month, p.asParam())));
        List<Tier> tiers = new ArrayList<>();
        for (ParamNode t : n.child("tiers").items()) {
            tiers.add(new Tier((int) t.number("tier"), t.text("from"), t.text("to")));
        }
        List<IntraSpread> intra = new ArrayList<>();
        for (ParamNode s : n.child("intraSpreads").items()) {
            intra.add(new IntraSpread((int) s.number("tierA"), (int) s.number("tierB"), s.param("charge")));
        }
        SpotMonth spot = n.optional("spotMonth").map(s -> new SpotMonth(s.param("withinDays"),
                s.param("chargePerContract"))).orElse(null);
        String rule = n.optional("expiryRule").map(ParamNode::asText).orElse(null);
        if (rule != null && !rule.equals("THIRD_FRIDAY")) {
            throw n.child("expiryRule").error("only THIRD_FRIDAY is known");
        }
        Map<String, GivenArray> given = new LinkedHashMap<>();
        n.optional("givenArrays").ifPresent(g -> g.entries().forEach((inst, a) -> {
            double[] losses = a.numbers("losses");
            if (losses.length != 16) {
                throw a.child("losses").error("a risk array has 16 values, found " + losses.length);
            }
            given.put(inst, new GivenArray(losses, a.param("delta"), a.text("source")));
        }));
        return new CombinedCommodity(key, n.param("priceScanRange"), months, n.param("volatilityScanRange"),
                n.param("shortOptionMinimum"), tiers, intra, spot, rule, given);
    }
}
