package io.concord.gateway;

import io.concord.margin.MarginAccount;
import io.concord.margin.engine.AccountMargin;
import io.concord.margin.engine.MarginEngine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * How a run's margin was computed, measured around each account's computation on its margin thread: the CPU time
 * spent computing the accounts, summed over the margin threads (what one thread would have taken; reading the book
 * and the sinks' work are not in it). The margin engine measures nothing itself; the stage clock (and so the
 * bench) reads this.
 */
final class MarginCpuTime implements MarginEngine.AccountCompute {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private final LongAdder computeNanos = new LongAdder();

    @Override
    public AccountMargin compute(MarginAccount account, Supplier<AccountMargin> margin) {
        long start = cpuNanos();
        AccountMargin m = margin.get();
        computeNanos.add(cpuNanos() - start);
        return m;
    }

    /** CPU time computing them, summed over the margin threads. */
    long computeNanos() {
        return computeNanos.sum();
    }

    /** The CPU time per margin thread: the summed time over the engine's threads. */
    long perThreadNanos() {
        return computeNanos() / Math.max(1, MarginEngine.threads());
    }

    /**
     * The calling thread's CPU time: what computing an account costs, not counting the time the thread waited for
     * a core (the margin threads share the machine with the reader, the writers and the collector). Wall time
     * where the JVM does not measure thread CPU time.
     */
    private static long cpuNanos() {
        return CPU.isCurrentThreadCpuTimeSupported() ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
