package io.concord.margin.engine;

import io.concord.margin.SiloId;

/** Where the engine sends one position: to a silo, or to the unmargined list with the reason. */
sealed interface Route {

    /** The position is margined by {@code silo}. */
    record ToSilo(SiloId silo) implements Route {
    }

    /**
     * No silo margins the position.
     *
     * @param silo   the silo the unmargined entry names: the taxonomy's silo, or e.g. {@code FUND_ASSET}
     * @param reason why, for the unmargined entry
     */
    record Unmargined(String silo, String reason) implements Route {
    }

    static Route to(SiloId silo) {
        return new ToSilo(silo);
    }

    static Route unmargined(String silo, String reason) {
        return new Unmargined(silo, reason);
    }
}
