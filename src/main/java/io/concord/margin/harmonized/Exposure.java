package io.concord.margin.harmonized;

import java.util.function.DoubleUnaryOperator;

/**
 * A position's (or collateral line's) exposure to one shared risk factor, ready for the joint scan.
 *
 * @param factor       shared risk factor id
 * @param book         where it is margined today: a silo, with the agency where one silo id serves both
 *                     ({@code SCHEDULE:SEC}), or {@code COLLATERAL}
 * @param label        the position or line, for explain trees
 * @param pnl          profit (+) or loss (−) in USD for a move of the factor (a fraction for price factors, basis
 *                     points for yield and spread factors)
 * @param pnlBasis     how it is revalued
 * @param down         the silo's own scan range downwards for this exposure (a positive magnitude), NaN when it has
 *                     none
 * @param up           likewise upwards
 * @param rangeBasis   where the silo's range comes from
 * @param minimum      the silo's per-contract minimum for it (USD)
 */
public record Exposure(String factor, String book, String label, DoubleUnaryOperator pnl, String pnlBasis,
                       double down, double up, String rangeBasis, double minimum) {
}
