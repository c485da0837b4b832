package io.concord.feed.archwrong;

/**
 * Deliberately wrong (test-only, see ArchitectureTest): a feed format's helper left public, which only its
 * FeedParser may be. Never copy this.
 */
public final class WrongPublicHelper {

    private WrongPublicHelper() {
    }
}
