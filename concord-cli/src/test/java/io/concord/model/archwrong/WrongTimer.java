package io.concord.model.archwrong;

/**
 * Deliberately wrong (test-only, see ArchitectureTest): a domain class that times itself, which is the caller's
 * job. Never copy this.
 */
public final class WrongTimer {

    private WrongTimer() {
    }

    static long elapsed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }
}
