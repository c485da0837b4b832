package io.concord.margin.harmonized;

import io.concord.margin.Param;
import io.concord.margin.ParamNode;
import io.concord.model.SegregationClass;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The harmonized framework's parameters ({@code mappings/risk/harmonized.yaml}) and the firms' customer links
 * ({@code mappings/risk/customers.yaml}).
 *
 * @param eligible          segregation classes whose accounts join by default
 * @param eligibleSource    why
 * @param portfolioClass    class a portfolio mixing classes would be held in
 * @param portfolioSource   why
 * @param savingCap         cap on the saving, as a fraction of the silos' requirement for the joined positions
 * @param pointsPerSide     valuation points on each side of a joint scan range
 * @param factors           shared risk factors by id
 * @param treasuryFutures   SPAN combined commodity → the deliverable Treasury future's contract terms (its
 *                          cheapest-to-deliver on a day is market data: {@link io.concord.margin.MarketData})
 * @param indices           index risk factor → its constituents
 * @param offsets           offsets across factors, in the order they apply
 * @param customers         firm|account → customer link
 */
public record HarmonizedParameters(Set<SegregationClass> eligible, String eligibleSource,
                                   SegregationClass portfolioClass, String portfolioSource, Param savingCap,
                                   Param pointsPerSide, Map<String, Factor> factors,
                                   Map<String, TreasuryFuture> treasuryFutures,
                                   Map<String, CreditIndex> indices, List<Offset> offsets,
                                   Map<String, Customer> customers) {

    /** How a shared factor moves: a relative price move, or basis points of yield or spread. */
    public enum Kind { PRICE, YIELD, CREDIT }

    /**
     * A shared risk factor; {@code collateral} taxonomy codes, and an optional configured scan range
     * ({@code scanDown}, {@code scanUp}: positive magnitudes, a fraction of the price or basis points), null when
     * not configured. A YIELD factor's modified duration is market data of the day.
     */
    public record Factor(String id, Kind kind, String description, Set<String> collateral, Param scanDown,
                         Param scanUp) {
    }

    /**
     * A deliverable Treasury future the framework revalues on a yield factor: its contract's face value. The
     * cheapest-to-deliver it moves with on a day (price, modified duration, conversion factor) is market data.
     */
    public record TreasuryFuture(String commodity, Param faceValue) {
    }

    /** An equally weighted credit index and the constituents Concord knows by risk factor. */
    public record CreditIndex(String factor, Param constituents, List<String> names, String namesSource) {
        public double weight() {
            return 1 / constituents.value();
        }
    }

    /** A credit between two factors whose exposures run opposite ways. */
    public record Offset(String a, String b, Param credit) {
    }

    /** A customer's accounts at a firm. */
    public record Customer(String firm, String id, List<String> accounts, String source) {
    }

    public HarmonizedParameters {
        eligible = Set.copyOf(eligible);
        factors = Map.copyOf(factors);
        treasuryFutures = Map.copyOf(treasuryFutures);
        indices = Map.copyOf(indices);
        offsets = List.copyOf(offsets);
        customers = Map.copyOf(customers);
    }

    public static HarmonizedParameters from(ParamNode root, ParamNode customersRoot) {
        ParamNode el = root.child("eligibility");
        Set<SegregationClass> eligible = new LinkedHashSet<>();
        for (ParamNode c : el.child("classes").items()) {
            eligible.add(segregationClass(c));
        }
        ParamNode pc = root.child("portfolioClass");
        Map<String, Factor> factors = new LinkedHashMap<>();
        root.child("riskFactors").entries().forEach((id, n) -> {
            Kind kind = kind(n.child("kind"));
            Set<String> coll = n.has("collateral") ? new LinkedHashSet<>(n.texts("collateral")) : Set.of();
            Param down = null;
            Param up = null;
            if (n.has("scanRange")) {
                ParamNode r = n.child("scanRange");
                down = r.param("down");
                up = r.param("up");
                if (down.value() < 0 || up.value() < 0) {
                    throw r.error("down and up are magnitudes: write them as positive numbers");
                }
            }
            factors.put(id, new Factor(id, kind, n.has("description") ? n.text("description") : id, coll, down,
                    up));
        });
        Map<String, TreasuryFuture> tf = new LinkedHashMap<>();
        root.child("treasuryFutures").entries().forEach((k, n) -> tf.put(k, new TreasuryFuture(k,
                n.param("faceValue"))));
        Map<String, CreditIndex> indices = new LinkedHashMap<>();
        root.child("creditIndices").entries().forEach((k, n) -> {
            Param count = n.param("constituents");
            List<String> names = n.texts("names");
            if (count.value() < 1 || names.size() > count.value()) {
                throw n.error("constituents must be at least 1 and at least the number of names listed");
            }
            indices.put(k, new CreditIndex(k, count, names, n.text("namesSource")));
        });
        List<Offset> offsets = new java.util.ArrayList<>();
        for (ParamNode o : root.child("offsets").items()) {
            List<String> between = o.texts("between");
            if (between.size() != 2 || !factors.containsKey(between.get(0)) || !factors.containsKey(between.get(1))) {
                throw o.error("between must name two risk factors listed under riskFactors");
            }
            offsets.add(new Offset(between.get(0), between.get(1), o.param("credit")));
        }
        Map<String, Customer> customers = new LinkedHashMap<>();
        for (ParamNode n : customersRoot.child("customers").items()) {
            Customer c = new Customer(n.text("firm"), n.text("customer"), n.texts("accounts"), n.text("source"));
            for (String a : c.accounts()) {
                if (customers.put(c.firm() + "|" + a, c) != null) {
                    throw n.error("account " + a + " of " + c.firm() + " is linked to two customers");
                }
            }
        }
        return new HarmonizedParameters(eligible, el.text("source"), segregationClass(pc.child("class")),
                pc.text("source"), root.param("savingCap"), root.param("pointsPerSide"), factors, tf, indices,
                offsets, customers);
    }

    private static SegregationClass segregationClass(ParamNode n) {
        return SegregationClass.parse(n.asText()).orElseThrow(() -> n.error("unknown segregation class "
                + n.asText()));
    }

    private static Kind kind(ParamNode n) {
        try {
            return Kind.valueOf(n.asText());
        } catch (IllegalArgumentException e) {
            throw n.error("kind must be PRICE or YIELD (credit names come from creditIndices and CDS positions)");
        }
    }

    /** Every class eligible: the {@code harmonize-all} what-if. */
    public HarmonizedParameters harmonizeAll() {
        return new HarmonizedParameters(Set.of(SegregationClass.values()), "what-if harmonize-all: every "
                + "segregation class may be cross-margined", portfolioClass, portfolioSource, savingCap,
                pointsPerSide, factors, treasuryFutures, indices, offsets, customers);
    }

    /** The customer an account belongs to: its link in customers.yaml, else the account itself. */
    public String customer(String firm, String account) {
        Customer c = customers.get(firm + "|" + account);
        return c == null ? account : c.id();
    }
}
