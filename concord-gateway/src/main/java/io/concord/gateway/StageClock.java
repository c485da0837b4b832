package io.concord.gateway;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall time and peak heap of a run's stages, for the benchmark: streaming stages add up their time per batch,
 * the final stages are timed one by one with the heap's peak while each ran (heap in use sampled every 10 ms by
 * one daemon thread once {@link #sampleHeap()} started it). Cheap enough to stay on in every run.
 */
public final class StageClock {

    /** One stage: total wall time, how many times it ran, the heap's peak while it ran (bytes, 0 if unknown). */
    public record Stage(String name, long nanos, long calls, long peakHeapBytes) {
        public double seconds() {
            return nanos / 1e9;
        }
    }

    private final Map<String, long[]> stages = new LinkedHashMap<>();
    /** Positions through the margin pass so far (their book lines written), for the progress line. */
    private final java.util.concurrent.atomic.LongAdder margined = new java.util.concurrent.atomic.LongAdder();
    /** When the margin pass margined its first account (System.nanoTime), 0 before. */
    private volatile long marginStart;

    /** Counts {@code positions} more through the margin pass. */
    public void margined(long positions) {
        if (marginStart == 0) {
            marginStart = System.nanoTime();
        }
        margined.add(positions);
    }

    /** Positions through the margin pass so far. */
    public long margined() {
        return margined.sum();
    }

    /** Seconds since the margin pass margined its first account; 0 before. */
    public double marginSeconds() {
        long s = marginStart;
        return s == 0 ? 0 : (System.nanoTime() - s) / 1e9;
    }

    /** Adds one run of a streaming stage. */
    public synchronized void add(String stage, long nanos) {
        long[] s = stages.computeIfAbsent(stage, k -> new long[3]);
        s[0] += nanos;
        s[1]++;
    }

    /** Runs {@code work} as one run of a streaming stage, timed (no heap peak: the stage runs many times). */
    public <T> T count(String stage, Supplier<T> work) {
        long t = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(stage, System.nanoTime() - t);
        }
    }

    /**
     * Records a stage that ended now, started at {@code startNanos}, with the heap's peak since the last reset; then
     * runs the stage-end probe, if one is set ({@link #onStageEnd}), outside the stage's time.
     */
    public synchronized void ended(String stage, long startNanos) {
        add(stage, System.nanoTime() - startNanos);
        long[] s = stages.get(stage);
        s[2] = Math.max(s[2], heapPeakAndReset());
        Runnable probe = stageEndProbe;
        if (probe != null) {
            probe.run();
            heapPeakAndReset();
        }
    }

    /** Run at the end of every ended stage (null: nothing). */
    private static volatile Runnable stageEndProbe;

    /**
     * Sets what runs when a stage ends (null: nothing): the benchmark measures there what a run keeps between its
     * stages (a full collection and the heap left after it).
     */
    public static void onStageEnd(Runnable probe) {
        stageEndProbe = probe;
    }

    /** Runs and times one final stage, with the heap's peak while it ran. */
    public <T> T time(String stage, Supplier<T> work) {
        heapPeakAndReset();
        long t = System.nanoTime();
        try {
            return work.get();
        } finally {
            ended(stage, t);
        }
    }

    public void time(String stage, Runnable work) {
        time(stage, () -> {
            work.run();
            return null;
        });
    }

    public synchronized List<Stage> stages() {
        List<Stage> out = new ArrayList<>();
        stages.forEach((k, v) -> out.add(new Stage(k, v[0], v[1], v[2])));
        return out;
    }

    /** Highest heap use seen since the last reset, by the sampler. */
    private static final java.util.concurrent.atomic.AtomicLong PEAK = new java.util.concurrent.atomic.AtomicLong();
    private static final java.lang.management.MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static volatile Thread sampler;

    /**
     * Starts sampling the heap in use every 10 ms (the benchmark does; a daemon that never keeps the JVM up).
     * Without it, stages record no heap peak.
     */
    public static synchronized void sampleHeap() {
        if (sampler != null) {
            return;
        }
        Thread t = new Thread(() -> {
            while (true) {
                PEAK.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stage-clock-heap");
        t.setDaemon(true);
        t.start();
        sampler = t;
    }

    /**
     * The highest heap use (live and not yet collected objects) since the last reset, sampled every 10 ms and
     * now, then resets it to the use now.
     */
    public static long heapPeakAndReset() {
        if (sampler == null) {
            return 0;
        }
        long now = MEMORY.getHeapMemoryUsage().getUsed();
        return Math.max(PEAK.getAndSet(now), now);
    }
}
