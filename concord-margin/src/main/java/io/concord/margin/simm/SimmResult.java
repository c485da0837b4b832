package io.concord.margin.simm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.List;
import java.util.Map;

/**
 * The SIMM of one set of CRIF sensitivities, in the calculation currency (USD).
 *
 * @param version       SIMM version of the calibration used
 * @param horizon       {@code 10d} or {@code 1d}
 * @param currency      calculation currency
 * @param sensitivities CRIF rows used (SIMM rows and add-on parameters)
 * @param excluded      CRIF rows left out because their IMModel is not SIMM (e.g. Schedule)
 * @param portfolio     SIMM including add-ons of every row as given ({@code total}), its breakdown and explain
 *                      tree; written at the top level of the JSON
 * @param regulations   when rows carry PostRegulation / CollectRegulation: the SIMM per regulation and side and the
 *                      worst of them; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SimmResult(String version, String horizon, String currency, long sensitivities, long excluded,
                         @JsonUnwrapped Portfolio portfolio, Regulations regulations) {

    /** SIMM including add-ons. */
    public double total() {
        return portfolio.total();
    }

    /**
     * @param total          SIMM plus add-ons
     * @param simm           sum over product classes, before add-ons
     * @param addOn          the add-on components
     * @param productClasses margin per product class and, inside, per risk class and measure
     * @param riskClasses    per risk class and measure, summed over product classes (a view, not a margin)
     * @param explain        product class → risk class → measure → bucket → sensitivity
     */
    public record Portfolio(double total, double simm, AddOn addOn, Map<String, ProductClass> productClasses,
                            Map<RiskClass, Measures> riskClasses, List<Node> explain) {
    }

    /** A product class's SIMM (risk classes aggregated with psi), its multiplier, and its risk classes. */
    public record ProductClass(double margin, double multiplier, Map<RiskClass, Measures> riskClasses) {
    }

    /** Margin of one risk class and its measures; margin = delta + vega + curvature + baseCorr. */
    public record Measures(double margin, double delta, double vega, double curvature, double baseCorr) {
        static final Measures ZERO = new Measures(0, 0, 0, 0, 0);

        Measures plus(Measures o) {
            return new Measures(margin + o.margin, delta + o.delta, vega + o.vega, curvature + o.curvature,
                    baseCorr + o.baseCorr);
        }
    }

    /**
     * Add-ons (SIMM methodology, add-on section): (multiplier − 1) × SIMM of each product class, fixed amounts,
     * and notional factor (percent) × notional per product.
     */
    public record AddOn(double total, double productClassMultiplier, double fixedAmount, double notionalFactor) {
    }

    /** One node of the explain tree: its margin (or weighted sensitivity) and the figures that produced it. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Node(String name, double margin, Map<String, Object> detail, List<Node> children) {
    }

    /** Per side (collect, post): the SIMM under each regulation named on that side and the worst of them. */
    public record Regulations(Side collect, Side post) {
    }

    /**
     * @param byRegulation regulation → SIMM total of the rows subject to it on this side
     * @param worst        the regulation with the highest total ({@code null} when none is named)
     * @param worstTotal   that total
     * @param unregulated  rows of this side that name no regulation (in no regulation's total)
     */
    public record Side(Map<String, Double> byRegulation, String worst, double worstTotal, long unregulated) {
    }
}
