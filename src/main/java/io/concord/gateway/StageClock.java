package io.concord.gateway;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall time and peak heap of a run's stages, for the benchmark: streaming stages add up their time per batch,
 * the final stages are timed one by one with the heap's peak while each ran (the JVM's heap pools' peak usage,
 * reset when a stage starts). Cheap enough to stay on in every run.
 */
public final class StageClock {

    /** One stage: total wall time, how many times it ran, the heap's peak while it ran (bytes, 0 if unknown). */
    public record Stage(String name, long nanos, long calls, long peakHeapBytes) {
        public double seconds() {
            return nanos / 1e9;
        }
    }

    private final Map<String, long[]> stages = new LinkedHashMap<>();

    /** Adds one run of a streaming stage. */
    public synchronized void add(String stage, long nanos) {
        long[] s = stages.computeIfAbsent(stage, k -> new long[3]);
        s[0] += nanos;
        s[1]++;
    }

    /** Records a stage that ended now, started at {@code startNanos}, with the heap's peak since the last reset. */
    public synchronized void ended(String stage, long startNanos) {
        add(stage, System.nanoTime() - startNanos);
        long[] s = stages.get(stage);
        s[2] = Math.max(s[2], heapPeakAndReset());
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

    /** The sum of the heap pools' peak usage since the last reset, then resets them. */
    public static long heapPeakAndReset() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                peak += pool.getPeakUsage().getUsed();
                pool.resetPeakUsage();
            }
        }
        return peak;
    }
}
