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
 */
public record PortfolioMarginParameters(Map<String, Range> ranges, Map<String, Choice> familyRanges,
                                        Map<String, Choice> riskFactorRanges, Param pointsPerSide,
                                        Param minimumPerContract, List<ProductGroup> productGroups) {

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
        return new PortfolioMarginParameters(ranges, families, riskFactors, points, root.param("minimumPerContract"),
                groups);
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
