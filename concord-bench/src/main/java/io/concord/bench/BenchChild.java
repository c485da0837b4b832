package io.concord.bench;

import io.concord.gateway.runtime.ConcordConfig;
import io.concord.gateway.runtime.Gateway;
import io.concord.gateway.ProcessRun;
import io.concord.gateway.Progress;
import io.concord.gateway.RunSummary;
import io.concord.gateway.StageClock;
import io.concord.mapping.MappingSet;
import io.concord.mapping.Normalizer;
import io.concord.report.Json;

import java.nio.file.Path;
import java.util.List;

/**
 * One measurement of the benchmark in a JVM of its own, started by {@link Bench} with {@code -Xmx512m}: the raw
 * floor of a feed (then, for the normalizer's own rate, a second pass of it), or Concord's {@code process}
 * pipeline on it. Each gets the whole heap, and a run that does not
 * fit ends its own JVM ({@code -XX:+ExitOnOutOfMemoryError}) instead of the benchmark. Writes its
 * {@link Measured} figures as JSON.
 *
 * <p>Arguments: {@code floor-csv|floor-fixml|parse-csv|parse-fixml|pipeline INPUT OUTPUT MAPPINGS RESULT-JSON RECORDS}.
 */
public final class BenchChild {

    /**
     * What one child measured: records, wall time, heap peak, the pipeline's stages; for a floor, the time inside
     * the normalizer of its second, warm pass, wall and CPU.
     */
    public record Measured(long records, long accepted, long rejected, long nanos, long peakHeapBytes,
                           List<StageClock.Stage> stages, String failure, long cpuNanos, long normalizeNanos,
                           long normalizeCpuNanos, AfterGc afterGc) {

        /** A measurement without the heap after collections (a child that never reported one). */
        public Measured(long records, long accepted, long rejected, long nanos, long peakHeapBytes,
                        List<StageClock.Stage> stages, String failure, long cpuNanos, long normalizeNanos,
                        long normalizeCpuNanos) {
            this(records, accepted, rejected, nanos, peakHeapBytes, stages, failure, cpuNanos, normalizeNanos,
                    normalizeCpuNanos, null);
        }
    }

    /**
     * The heap left after the collector ran, the run's retained memory rather than its garbage: the peak of "heap in
     * use" ({@link Measured#peakHeapBytes()}) includes whatever the collector had not yet collected, so it follows
     * the collector's sizing (a longer run lets the throughput collector grow its young generation) as much as what
     * the run keeps.
     *
     * @param peakAfterAnyBytes  the most heap in use right after any collection (a young collection leaves promoted
     *                           garbage in the old generation: an upper bound of the live set at that moment)
     * @param peakAfterFullBytes the most heap in use right after a full collection (the live set then; 0 when the run
     *                           had none); with the stage-end probe ({@code pipeline-probed}) one full collection
     *                           at least ends every stage, so this is the most the run kept between two stages
     * @param collections        collections in the run
     * @param fullCollections    full collections in the run
     */
    public record AfterGc(long peakAfterAnyBytes, long peakAfterFullBytes, long collections, long fullCollections) {
    }

    /** Listens to every collection of this JVM and keeps {@link AfterGc}'s peaks. */
    static final class GcWatch implements javax.management.NotificationListener {
        private final java.util.concurrent.atomic.AtomicLong afterAny = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong afterFull = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong full = new java.util.concurrent.atomic.AtomicLong();

        static GcWatch start() {
            GcWatch w = new GcWatch();
            for (java.lang.management.GarbageCollectorMXBean gc
                    : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) gc).addNotificationListener(w, null, null);
            }
            return w;
        }

        @Override
        public void handleNotification(javax.management.Notification n, Object handback) {
            if (!n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo
                    .GARBAGE_COLLECTION_NOTIFICATION)) {
                return;
            }
            var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                    (javax.management.openmbean.CompositeData) n.getUserData());
            long used = heapUsed(info.getGcInfo().getMemoryUsageAfterGc());
            count.incrementAndGet();
            afterAny.accumulateAndGet(used, Math::max);
            if (info.getGcAction().contains("major")) {
                full.incrementAndGet();
                afterFull.accumulateAndGet(used, Math::max);
            }
        }

        AfterGc measured() {
            return new AfterGc(afterAny.get(), afterFull.get(), count.get(), full.get());
        }

        /** This JVM's heap pools (eden, survivor, old): the names the collectors' reports use. */
        private static final java.util.Set<String> HEAP_POOLS = heapPools();

        static java.util.Set<String> heapPools() {
            java.util.Set<String> names = new java.util.TreeSet<>();
            for (java.lang.management.MemoryPoolMXBean pool
                    : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    names.add(pool.getName());
                }
            }
            return names;
        }

        /**
         * The heap in use in a collection's report: its heap pools only. The report covers every memory pool,
         * metaspace and the code cache included, which hold the code a run has loaded and compiled, not what it
         * keeps.
         */
        static long heapUsed(java.util.Map<String, java.lang.management.MemoryUsage> pools) {
            long used = 0;
            for (var e : pools.entrySet()) {
                if (HEAP_POOLS.contains(e.getKey())) {
                    used += e.getValue().getUsed();
                }
            }
            return used;
        }
    }

    private BenchChild() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        Path in = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Path mappings = Path.of(args[3]);
        Path result = Path.of(args[4]);
        long total = Long.parseLong(args[5]);
        StageClock.sampleHeap();
        StageClock.heapPeakAndReset();
        GcWatch gc = GcWatch.start();
        // records done so far, for the heap watch: the pipeline's own count once it runs
        java.util.concurrent.atomic.AtomicReference<java.util.function.LongSupplier> done =
                new java.util.concurrent.atomic.AtomicReference<>(() -> 0L);
        watchHeap(result, done);
        Measured m;
        if (kind.startsWith("floor-") || kind.startsWith("parse-")) {
            // parse-*: the lower floor, the same without the normalizer
            boolean parseOnly = kind.startsWith("parse-");
            RawFloor floor = parseOnly ? RawFloor.parseOnly() : new RawFloor(new Normalizer(MappingSet.load(mappings)));
            long t = System.nanoTime();
            long n = floor(floor, kind, in, out);
            long nanos = System.nanoTime() - t;
            long peak = StageClock.heapPeakAndReset();
            long normalizeNanos = 0;
            long normalizeCpuNanos = 0;
            if (!parseOnly) {
                // the normalizer's own rate in its steady state: a second pass of the floor over the same file,
                // compiled by the first, with a normalizer of its own (nothing cached from the first)
                RawFloor warm = new RawFloor(new Normalizer(MappingSet.load(mappings)));
                floor(warm, kind, in, out);
                normalizeNanos = warm.normalizeNanos();
                normalizeCpuNanos = warm.normalizeCpuNanos();
            }
            m = new Measured(n, n, 0, nanos, peak, List.of(), null, Bench.cpuNanos(), normalizeNanos,
                    normalizeCpuNanos, gc.measured());
        } else {
            // "pipeline-probed": a full collection at the end of every stage (the stream's end, where the book is
            // fullest, and each final stage's), outside the stages' and the run's time: what the run keeps
            java.util.concurrent.atomic.AtomicLong probeNanos = new java.util.concurrent.atomic.AtomicLong();
            Runnable probe = () -> {
                long t = System.nanoTime();
                System.gc();
                probeNanos.addAndGet(System.nanoTime() - t);
            };
            if (kind.endsWith("-probed")) {
                StageClock.onStageEnd(probe);
            }
            ProcessRun run = Gateway.standardRun(out, null, mappings, null);
            if (kind.endsWith("-probed")) {
                probeTheStream(run::recordsDone, total, probe);
            }
            long t = System.nanoTime();
            RunSummary s;
            done.set(run::recordsDone);
            try (Progress p = Progress.start(in.getFileName() + ": process", total, run::recordsDone)) {
                s = Gateway.process(ConcordConfig.defaults(), run, List.of(in));
            }
            long nanos = System.nanoTime() - t - probeNanos.get();
            List<StageClock.Stage> stages = run.clock().stages();
            long peak = stages.stream().mapToLong(StageClock.Stage::peakHeapBytes).max().orElse(0);
            String failure = s.received() != s.accepted() + s.rejected() ? "counts do not reconcile: " + s
                    : s.internalErrors().isEmpty() ? null : "internal errors: " + s.internalErrors();
            m = new Measured(s.received(), s.accepted(), s.rejected(), nanos, peak, stages, failure, Bench.cpuNanos(),
                    0, 0, gc.measured());
        }
        Json.MAPPER.writeValue(result.toFile(), m);
    }

    /** Full collections a probed run takes during its stream: one in each {@value}th of its records. */
    static final int STREAM_PROBES = 50;

    /**
     * Runs {@code probe} (a full collection) once in each {@link #STREAM_PROBES}th of {@code total} records, at a
     * point drawn at random inside it (a fixed seed), on a daemon thread of its own. The stage-end probes see the book
     * only at the stream's end, where how full it is depends on where the file's size falls in its runs, and the
     * collector's own full collections come when the heap's sizing says so: a small run may have none while its book
     * is full and a large one several. Evenly spaced probes see a book at one fill level whenever the spacing is a
     * multiple of its run size (every 100,000 of 5,000,000 records, in runs of 50,000); random points inside each
     * band see every size's book at many.
     */
    static void probeTheStream(java.util.function.LongSupplier done, long total, Runnable probe) {
        java.util.Random where = new java.util.Random(20261207L);
        Thread t = new Thread(() -> {
            for (int k = 0; k < STREAM_PROBES; k++) {
                long at = (long) (total * (k + where.nextDouble()) / STREAM_PROBES);
                while (done.getAsLong() < at) {
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                probe.run();
            }
        }, "bench-heap-probe");
        t.setDaemon(true);
        t.start();
    }

    private static long floor(RawFloor floor, String kind, Path in, Path out) throws java.io.IOException {
        return kind.endsWith("-csv") ? floor.csv(in, out) : floor.fixml(in, out);
    }

    /**
     * Ends this JVM when the heap is exhausted: over the last 10 s the collector took more than half the time and
     * the heap is still over 90 % full after it. The throughput collector's own limit (98 % of the time) lets a
     * run crawl for many minutes first. Writes the failure with the records done, then halts with code 3.
     */
    private static void watchHeap(Path result,
                                  java.util.concurrent.atomic.AtomicReference<java.util.function.LongSupplier> done) {
        var gcs = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans();
        var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        Thread t = new Thread(() -> {
            long[] gcMillis = new long[11];
            long[] wall = new long[11];
            for (int i = 0; ; i++) {
                int slot = i % 11;
                gcMillis[slot] = gcs.stream().mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
                        .sum();
                wall[slot] = System.nanoTime() / 1_000_000;
                if (i >= 10) {
                    int old = (i - 10) % 11;
                    double gcShare = (gcMillis[slot] - gcMillis[old]) / (double) Math.max(1, wall[slot] - wall[old]);
                    var heap = memory.getHeapMemoryUsage();
                    if (gcShare > 0.5 && heap.getUsed() > 0.9 * heap.getMax()) {
                        String why = String.format(java.util.Locale.ROOT, "heap exhausted (-Xmx%s): the collector "
                                + "took %.0f %% of the last 10 s, after %,d records", Bench.HEAP, gcShare * 100,
                                done.get().getAsLong());
                        System.err.println("bench: " + why);
                        try {
                            Json.MAPPER.writeValue(result.toFile(), new Measured(done.get().getAsLong(), 0, 0, 0,
                                    heap.getMax(), List.of(), why, Bench.cpuNanos(), 0, 0));
                        } catch (Exception | OutOfMemoryError e) {
                            // the exit code says it
                        }
                        Runtime.getRuntime().halt(3);
                    }
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-watch");
        t.setDaemon(true);
        t.start();
    }
}
