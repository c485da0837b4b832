package io.concord.model;

/** The US agency whose rulebook governs a product or account. */
public enum Agency {
    SEC, CFTC, BOTH
}
