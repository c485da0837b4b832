package io.concord.model.archwrong;

import io.concord.margin.Explain;
import org.apache.camel.CamelContext;

/**
 * Deliberately wrong (test-only, see ArchitectureTest): a model value that reaches up to the margin floor and into
 * Camel. Never copy this.
 */
public final class WrongFloor {

    private WrongFloor() {
    }

    static String label(Explain explain, CamelContext camel) {
        return explain.label() + " on " + camel.getName();
    }
}
