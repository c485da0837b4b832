package io.concord.margin;

import io.concord.model.Position;

import java.util.List;

/**
 * One rulebook's margin calculation. The engine hands a silo the booked positions of one account that the
 * taxonomy (and the account's approvals) assign to it; the silo returns the requirement with its explain tree
 * and lists whatever it could not margin. A new rulebook (e.g. ISDA SIMM from CRIF sensitivities) is one more
 * implementation registered with the engine ({@code io.concord.margin.engine.MarginEngine}).
 */
public interface MarginSilo {

    /** The silo id written to margin.json. */
    String id();

    /**
     * Whether this silo can margin the account at all (SIMM only where CRIF sensitivities exist). When it cannot,
     * the engine hands the positions to the next silo configured for their taxonomy silo (SIMM → SCHEDULE).
     */
    default boolean covers(MarginAccount account) {
        return true;
    }

    /**
     * Accounts this silo holds inputs of its own for (SIMM: those with CRIF sensitivities on the business date).
     * The engine margins them with this silo even when no booked position routes to it.
     */
    default java.util.Set<MarginAccount> accounts() {
        return java.util.Set.of();
    }

    SiloResult margin(MarginAccount account, List<Position> positions, MarketContext market);
}
