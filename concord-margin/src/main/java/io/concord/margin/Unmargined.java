package io.concord.margin;

import io.concord.model.Position;

/**
 * A booked position no silo could margin, and why (a missing price or parameter, a product no silo covers).
 * It is listed in margin.json, never dropped silently; the account's requirement excludes it.
 *
 * @param silo        silo that was asked, or the taxonomy silo when none applies
 * @param taxonomy    product taxonomy code
 * @param instrument  the product's instrument key
 * @param file        source file of the booked report
 * @param location    location in that file
 * @param reason      why it could not be margined
 */
public record Unmargined(String silo, String taxonomy, String instrument, String file, String location,
                         String reason) {

    public static Unmargined of(String silo, Position p, String reason) {
        return new Unmargined(silo, p.product().taxonomy(), p.product().instrumentKey(), p.lineage().file(),
                p.lineage().location(), reason);
    }
}
