package io.concord.margin;

import java.util.List;

/**
 * One silo's requirement for one account.
 *
 * @param silo         silo id (SEC_PM, SEC_REGT, CFTC_SPAN, EVENT, SCHEDULE, SIMM)
 * @param explain      how it was obtained; its root amount is the requirement in USD (the maintenance level where
 *                     the rulebook has two levels; the initial is in the tree)
 * @param unmargined   positions handed to the silo that it could not margin, with the reason
 */
public record SiloResult(String silo, Explain explain, List<Unmargined> unmargined) {

    public SiloResult {
        unmargined = List.copyOf(unmargined);
    }

    /** The requirement in USD, rounded to cents. */
    public double requirement() {
        return explain.amount().doubleValue();
    }
}
