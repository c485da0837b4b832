package io.concord.margin.sec.archwrong;

/**
 * Deliberately wrong (test-only, see ArchitectureTest): a silo package's helper left public, which only its
 * MarginSilo and its parameters may be. Never copy this.
 */
public final class WrongPublicSiloHelper {

    private WrongPublicSiloHelper() {
    }
}
