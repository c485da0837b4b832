package io.concord.margin.sec;

import io.concord.margin.Param;
import io.concord.margin.ParamNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FINRA Rule 4210(g) / OCC TIMS-style portfolio margin parameters ({@code mappings/risk/sec-pm.yaml}).
 *
 * @param ranges             named scan ranges (down and up moves as fractions, e.g. -0.08 / +0.06)
 * @param familyRanges       taxonomy family (ASSET_CLASS/FAMILY) → range name, with its source
 * @param riskFactorRanges   risk factor (class group) → range name, overriding the family (an ETF tracking a broad
 *                           index takes the index's range)
 * @param pointsPerSide      valuation points on each side of zero (5: ten equally spaced points)
 * @param minimumPerContract dollars × multiplier per option or security-future contract
 * @param productGroups      class groups whose gains offset each other's losses at a percentage
 * @param exerciseStyles     taxonomy family → exercise style of its listed options (a feed's terms.exerciseStyle
 *                           overrides), with its source
 * @param binomialSteps      steps of the Cox-Ross-Rubinstein tree that prices American-style options
 * @param concentration      the add-on for a class group that dominates the account, null when not configured
 */
public record PortfolioMarginParameters(Map<String, Range> ranges, Map<String, Choice> familyRanges,
                                        Map<String, Choice> riskFactorRanges, Param pointsPerSide,
                                        Param minimumPerContract, List<ProductGroup> productGroups,
                                        Map<String, Style> exerciseStyles, Param binomialSteps,
                                        Concentration concentration) {

    /** An exercise style (AMERICAN or EUROPEAN) and why. */
    public record Style(boolean american, String source) {
    }

    /**
     * A class group of the families listed whose gross underlying value is at least {@code share} of the account's
     * and at least {@code minimumValue} is also revalued at ± {@code move}; the requirement is at least the worst
     * loss there.
     */
    public record Concentration(List<String> families, Param share, Param minimumValue, Param move) {
    }

    /** A scan range: the largest down and up moves of the underlying, as fractions. */
    public record Range(String name, Param down, Param up) {
    }

    /** A range chosen for a family or risk factor, and why. */
    public record Choice(String range, String source) {
    }

    /** Class groups (risk factors) whose gains offset losses across groups at {@code offset} (0..1). */
    public record ProductGroup(String name, List<String> classGroups, Param offset) {
    }

    public static PortfolioMarginParameters from(ParamNode root) {
        Map<String, Range> ranges = new LinkedHashMap<>();
        root.child("scanRanges").entries().forEach((name, n) -> {
            Range r = new Range(name, n.param("down"), n.param("up"));
            if (r.down().value() >= 0 || r.up().value() <= 0) {
                throw n.error("down must be negative and up positive");
            }
            ranges.put(name, r);
        });
        Map<String, Choice> families = choices(root.child("families"), ranges);
        Map<String, Choice> riskFactors = choices(root.child("riskFactors"), ranges);
        Param points = root.param("pointsPerSide");
        if (points.value() < 1 || points.value() != Math.rint(points.value())) {
            throw root.child("pointsPerSide").error("must be a positive whole number");
        }
        List<ProductGroup> groups = root.child("productGroups").entries().entrySet().stream()
                .map(e -> {
                    Param offset = e.getValue().param("offset");
                    if (offset.value() < 0 || offset.value() > 1) {
                        throw e.getValue().child("offset").error("must be between 0 and 1");
                    }
                    return new ProductGroup(e.getKey(), e.getValue().texts("classGroups"), offset);
                }).toList();
        Map<String, Style> styles = new LinkedHashMap<>();
        root.child("exerciseStyles").entries().forEach((family, n) -> {
            String style = n.text("style");
            if (!style.equals("AMERICAN") && !style.equals("EUROPEAN")) {
                throw n.child("style").error("must be AMERICAN or EUROPEAN");
            }
            styles.put(family, new Style(style.equals("AMERICAN"), n.text("source")));
        });
        Param steps = root.param("binomialSteps");
        if (steps.value() < 1 || steps.value() != Math.rint(steps.value())) {
            throw root.child("binomialSteps").error("must be a positive whole number");
        }
        Concentration concentration = root.optional("concentration").map(c -> {
            Param share = c.param("share");
            if (share.value() <= 0 || share.value() > 1) {
                throw c.child("share").error("must be above 0 and at most 1");
            }
            return new Concentration(c.texts("families"), share, c.param("minimumValue"), c.param("move"));
        }).orElse(null);
        return new PortfolioMarginParameters(ranges, families, riskFactors, points, root.param("minimumPerContract"),
                groups, styles, steps, concentration);
    }

    private static Map<String, Choice> choices(ParamNode n, Map<String, Range> ranges) {
        Map<String, Choice> out = new LinkedHashMap<>();
        n.entries().forEach((key, c) -> {
            String range = c.text("range");
            if (!ranges.containsKey(range)) {
                throw c.child("range").error("'" + range + "' is not one of scanRanges " + ranges.keySet());
            }
            out.put(key, new Choice(range, c.text("source")));
        });
        return out;
    }
}
