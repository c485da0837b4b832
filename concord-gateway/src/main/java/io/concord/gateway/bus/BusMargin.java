package io.concord.gateway.bus;

import io.concord.gateway.StateOutputs;
import io.concord.ledger.Ledger;

import java.nio.file.Path;
import java.util.Map;

/**
 * The outputs of the state the bus workers wrote: the book, margin ({@code margin/margin.json}), the firms' margin
 * reports and the regulator views, written by {@link StateOutputs} exactly as a {@code process} run writes them
 * for its own book, on the positions, collateral and sensitivities of the ledger's state tables, read as the
 * gateway reads them.
 */
public final class BusMargin {

    private BusMargin() {
    }

    /** Writes the state's outputs under {@code out}; returns them by name ({@code margin}, {@code book}, ...). */
    public static Map<String, Path> write(Ledger state, StateOutputs.Engines engines, String mappingsVersion,
                                          Path out) {
        return StateOutputs.write(out, mappingsVersion, engines, state.positions(), state.collateral(),
                state.sensitivities(), out.resolve("exceptions.jsonl")).files();
    }
}
