package io.concord.margin.simm;

import java.util.Arrays;
import java.util.Optional;

/** SIMM margin period of risk: the standard 10-day calibration or the 1-day one. */
public enum Horizon {
    TEN_DAY("10d"), ONE_DAY("1d");

    private final String label;

    Horizon(String label) {
        this.label = label;
    }

    /** The label used in the calibration file and on the command line: {@code 10d} or {@code 1d}. */
    public String label() {
        return label;
    }

    public static Optional<Horizon> parse(String value) {
        return Arrays.stream(values()).filter(h -> h.label.equalsIgnoreCase(value == null ? "" : value.trim()))
                .findFirst();
    }
}
