package io.concord.model;

/** Legal category of a product: it decides which rulebook (and margin silo) applies. */
public enum Regime {
    SECURITY, SBS, FUTURE, OPTION_ON_FUTURE, LISTED_OPTION, SWAP, MIXED_SWAP, EVENT_CONTRACT, COLLATERAL_ASSET
}
