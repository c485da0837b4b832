package io.concord.margin.cftc;

import io.concord.margin.Param;
import io.concord.margin.ParamNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SPAN-style parameters ({@code mappings/risk/span.yaml}): where they come from (a clearing house's file and date,
 * or that they are illustrative), the risk scenarios, the initial-to-maintenance ratio,
 * combined commodities by margin key, and inter-commodity spreads in priority order.
 */
public record SpanParameters(String provenance, List<Scenario> scenarios, String scenarioSource,
                             Param initialToMaintenance, Map<String, CombinedCommodity> commodities,
                             List<InterSpread> interSpreads) {

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

    /**
     * An intra-commodity spread, charged per spread (delta-equivalent contract): between two tiers, or within one
     * tier ({@code tierA == tierB}: long months of the tier against short months of the same tier).
     */
    public record IntraSpread(int tierA, int tierB, Param charge) {
        boolean withinTier() {
            return tierA == tierB;
        }
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

    /**
     * A leg of an inter-commodity spread: legs on side A are held against legs on side B.
     *
     * @param credit the credit rate of this leg (SPAN allows a rate per leg)
     */
    public record Leg(String commodity, double ratio, String side, Param credit) {
    }

    /**
     * How an inter-commodity credit is taken. {@code PRICE_RISK}: the leg's rate (a fraction) × the delta it puts in
     * spreads × its combined commodity's weighted futures price risk (price risk / |net delta|), as SPAN does.
     * {@code PER_CONTRACT}: the leg's rate in dollars × the delta it puts in spreads (a flat credit per contract).
     */
    public enum RateType {
        PRICE_RISK, PER_CONTRACT
    }

    /** An inter-commodity spread, in priority order: its legs, each with its credit rate, and the rate type. */
    public record InterSpread(String id, RateType rateType, List<Leg> legs) {
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
            RateType type = RateType.PRICE_RISK;
            if (s.has("rateType")) {
                try {
                    type = RateType.valueOf(s.text("rateType"));
                } catch (IllegalArgumentException e) {
                    throw s.child("rateType").error("must be one of " + java.util.Arrays.toString(RateType.values()));
                }
            }
            Param common = s.has("credit") ? s.param("credit") : null;
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
                Param credit = l.has("credit") ? l.param("credit") : common;
                if (credit == null) {
                    throw l.error("needs a credit rate: give credit on the leg or on the spread");
                }
                if (type == RateType.PRICE_RISK && (credit.value() < 0 || credit.value() > 1)) {
                    throw (l.has("credit") ? l.child("credit") : s.child("credit"))
                            .error("a PRICE_RISK credit rate is a fraction between 0 and 1");
                }
                legs.add(new Leg(cc, l.number("ratio"), side, credit));
            }
            inter.add(new InterSpread(s.text("id"), type, legs));
        }
        return new SpanParameters(root.text("provenance"), scenarios, sc.text("source"), root.param("initialToMaintenance"), ccs, inter);
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
