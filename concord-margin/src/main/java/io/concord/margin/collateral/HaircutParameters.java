package io.concord.margin.collateral;

import io.concord.margin.MaturityLadder;
import io.concord.margin.Param;
import io.concord.margin.ParamNode;
import io.concord.model.SegregationClass;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collateral haircuts, eligibility and caps by regime ({@code mappings/risk/collateral.yaml}).
 *
 * @param regimes            by name (SEC_15C3_1, DCO, BCBS_IOSCO)
 * @param bySegregationClass the regime that values collateral in each segregation class
 * @param treasuryMaturity   residual maturity (years) assumed for a Treasury type when the line carries none
 * @param tokenizedUnderlying tokenized asset class → the asset class whose haircut it takes
 * @param settlementLagAddOn added to a tokenized asset's haircut
 * @param custodyAddOns      custody model → add-on for tokenized assets
 * @param countedPurposes    line purposes that cover an initial-margin requirement (IM, EXCESS)
 */
public record HaircutParameters(Map<String, Regime> regimes, Map<SegregationClass, String> bySegregationClass,
                                Map<String, Param> treasuryMaturity, Map<String, String> tokenizedUnderlying,
                                Param settlementLagAddOn, Map<String, Param> custodyAddOns,
                                List<String> countedPurposes) {

    /** A concentration cap: the listed asset classes together count at most {@code maxShare} of the total. */
    public record Cap(String id, List<String> assetClasses, Param maxShare) {
    }

    /**
     * @param name              regime id
     * @param haircuts          asset class → haircut (fraction)
     * @param treasuryLadder    maturity ladder for COLLATERAL/TREASURY/* (empty: the haircuts map applies), bands
     *                          read "... but less than ..."
     * @param ineligible        asset class → why it is not eligible
     * @param currencyMismatch  add-on when the collateral currency differs from the margin currency, null if none
     * @param caps              concentration caps, applied after haircuts
     */
    public record Regime(String name, Map<String, Param> haircuts, MaturityLadder treasuryLadder,
                         Map<String, String> ineligible, Param currencyMismatch, List<Cap> caps) {
    }

    public static HaircutParameters from(ParamNode root) {
        Map<String, Regime> regimes = new LinkedHashMap<>();
        root.child("regimes").entries().forEach((name, n) -> {
            Map<String, Param> haircuts = new LinkedHashMap<>();
            n.child("haircuts").entries().forEach((cls, h) -> haircuts.put(cls, h.asParam()));
            List<MaturityLadder.Band> bands = new ArrayList<>();
            n.optional("treasuryLadder").ifPresent(l -> l.items().forEach(b -> bands.add(
                    new MaturityLadder.Band(b.has("toYears") ? b.number("toYears") : null, b.param("haircut")))));
            MaturityLadder ladder;
            try {
                ladder = new MaturityLadder(bands);
            } catch (IllegalArgumentException e) {
                throw n.child("treasuryLadder").error(e.getMessage());
            }
            Map<String, String> ineligible = new LinkedHashMap<>();
            n.optional("ineligible").ifPresent(i -> i.entries().forEach((cls, why) -> ineligible.put(cls, why.asText())));
            List<Cap> caps = new ArrayList<>();
            n.optional("caps").ifPresent(c -> c.items().forEach(cap -> caps.add(
                    new Cap(cap.text("id"), cap.texts("assetClasses"), cap.param("maxShare")))));
            Param mismatch = n.has("currencyMismatch") ? n.param("currencyMismatch") : null;
            regimes.put(name, new Regime(name, haircuts, ladder, ineligible, mismatch, caps));
        });
        Map<SegregationClass, String> byClass = new EnumMap<>(SegregationClass.class);
        ParamNode classes = root.child("segregationClasses");
        for (SegregationClass sc : SegregationClass.values()) {
            String regime = classes.text(sc.name());
            if (!regimes.containsKey(regime)) {
                throw classes.child(sc.name()).error("'" + regime + "' is not one of regimes " + regimes.keySet());
            }
            byClass.put(sc, regime);
        }
        Map<String, Param> maturity = new LinkedHashMap<>();
        root.child("treasuryMaturity").entries().forEach((cls, p) -> maturity.put(cls, p.asParam()));
        ParamNode tok = root.child("tokenized");
        Map<String, String> underlying = new LinkedHashMap<>();
        tok.child("underlying").entries().forEach((cls, u) -> underlying.put(cls, u.asText()));
        Map<String, Param> custody = new LinkedHashMap<>();
        tok.child("custodyAddOn").entries().forEach((model, p) -> custody.put(model, p.asParam()));
        return new HaircutParameters(regimes, byClass, maturity, underlying, tok.param("settlementLagAddOn"), custody,
                root.texts("countedPurposes"));
    }
}
