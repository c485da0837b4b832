package io.concord.margin.simm;

import io.concord.margin.simm.SimmResult.AddOn;
import io.concord.margin.simm.SimmResult.Node;
import io.concord.model.Sensitivity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.concord.margin.simm.Agg.nz;
import static io.concord.margin.simm.Agg.usd;
import static io.concord.margin.simm.ExplainNodes.ordered;

/**
 * SIMM add-ons from the CRIF's Param_ rows: the product class multipliers (Param_ProductClassMultiplier), the fixed
 * amount (Param_AddOnFixedAmount) and the notional add-on (Param_AddOnNotionalFactor percent of the Notional rows
 * of that product).
 */
final class AddOns {

    private AddOns() {
    }

    /** The product class multiplier by product class; a product class named twice with two values is refused. */
    static Map<String, Double> multipliers(List<Sensitivity> params) {
        Map<String, Double> m = new HashMap<>();
        for (Sensitivity s : params) {
            if (s.riskType().equals("Param_ProductClassMultiplier")) {
                double v = s.amount().doubleValue();
                Double prev = m.put(nz(s.qualifier()), v);
                if (prev != null && prev != v) {
                    throw new SimmInputException("two different Param_ProductClassMultiplier values for product class '"
                            + s.qualifier() + "' (" + prev + " and " + v + ")");
                }
            }
        }
        return m;
    }

    /**
     * The add-on of {@code params} with the product class multipliers' add-on {@code multiplierAddOn}; appends its
     * {@code AddOn} node to {@code tree} when there is one (a non-zero add-on or any Param_ row).
     */
    static AddOn of(List<Sensitivity> params, double multiplierAddOn, List<Node> tree) {
        double fixed = 0;
        Map<String, Double> factor = new TreeMap<>();
        Map<String, Double> notional = new TreeMap<>();
        for (Sensitivity s : params) {
            switch (s.riskType()) {
                case "Param_AddOnFixedAmount" -> fixed += usd(s);
                case "Param_AddOnNotionalFactor" -> {
                    Double prev = factor.put(nz(s.qualifier()), s.amount().doubleValue());
                    if (prev != null && prev != s.amount().doubleValue()) {
                        throw new SimmInputException("two different Param_AddOnNotionalFactor values for product '"
                                + s.qualifier() + "' (" + prev + " and " + s.amount() + ")");
                    }
                }
                case "Notional" -> notional.merge(nz(s.qualifier()), usd(s), Double::sum);
                default -> { } // Param_ProductClassMultiplier: read above; PV belongs to Schedule
            }
        }
        double notionalAddOn = 0;
        List<Node> addOnNodes = new ArrayList<>();
        for (var f : factor.entrySet()) {
            double n = notional.getOrDefault(f.getKey(), 0.0);
            double a = f.getValue() / 100.0 * n;
            notionalAddOn += a;
            addOnNodes.add(new Node(f.getKey(), a, ordered("factorPercent", f.getValue(), "notionalUsd", n),
                    List.of()));
        }
        double addOnTotal = multiplierAddOn + fixed + notionalAddOn;
        if (addOnTotal != 0 || !params.isEmpty()) {
            tree.add(new Node("AddOn", addOnTotal, ordered("productClassMultiplier", multiplierAddOn,
                    "fixedAmount", fixed, "notionalFactor", notionalAddOn), addOnNodes));
        }
        return new AddOn(addOnTotal, multiplierAddOn, fixed, notionalAddOn);
    }
}
