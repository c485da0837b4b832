package io.concord.margin.harmonized;

import io.concord.model.PutCall;

import java.util.function.DoubleBinaryOperator;

/**
 * A position's (or collateral line's) exposure to one shared risk factor, ready for the joint scan.
 *
 * @param factor       shared risk factor id
 * @param book         where it is margined today: a silo, with the agency where one silo id serves both
 *                     ({@code SCHEDULE:SEC}), or {@code COLLATERAL}
 * @param label        the position or line, for explain trees
 * @param pnl          profit (+) or loss (−) in USD for a move of the factor (a fraction for price factors, basis
 *                     points for yield and spread factors) and a volatility shift (absolute; options only)
 * @param pnlBasis     how it is revalued
 * @param down         the silo's own scan range downwards for this exposure (a positive magnitude), NaN when it has
 *                     none
 * @param up           likewise upwards
 * @param rangeBasis   where the silo's range comes from
 * @param minimum      the silo's per-contract minimum for it (USD)
 * @param minimumPool  null when the minimum applies to this exposure alone; else the SPAN combined commodity whose
 *                     short option minimum it is part of: there the minimum is charged on the greater of the
 *                     short calls and the short puts (CME Clearing Advisory 99-65), not on their sum
 * @param minimumSide  the option's right when {@code minimumPool} is set
 * @param volShift     the silo's volatility scan range for an option (SPAN), 0 when it has none
 */
public record Exposure(String factor, String book, String label, DoubleBinaryOperator pnl, String pnlBasis,
                       double down, double up, String rangeBasis, double minimum, String minimumPool,
                       PutCall minimumSide, double volShift) {

    /** P&L at a factor move with volatility unchanged. */
    public double pnl(double move) {
        return pnl.applyAsDouble(move, 0);
    }
}
