package io.concord.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code concord bench --scaling}: the whole job ({@code process} of a generated CSV positions file, every output,
 * workbooks included) at several sizes, each in a JVM of its own with {@code -Xmx512m}, printing wall time and peak
 * heap per size. A streaming job's time grows linearly with the positions and its heap stays flat; the targets
 * compare each size with the one before it (time per position within 25 %, peak heap within 25 % and inside the
 * heap). Each size's feed and outputs are deleted once measured (at 5,000,000 positions they run to gigabytes).
 */
public final class ScalingBench {

    /** Positions per account, as in the main bench (1,000,000 positions over 10,000 accounts). */
    static final int POSITIONS_PER_ACCOUNT = 100;

    /**
     * One size.
     *
     * @param positions        positions in the file
     * @param accounts         accounts they spread over
     * @param seconds          wall time of {@code process}, every output
     * @param recordsPerSecond positions / seconds
     * @param microsPerRecord  seconds per position, in microseconds
     * @param workbookSeconds  the workbooks' share of it
     * @param peakHeapMb       the run's peak heap in use (sampled every 10 ms, garbage not yet collected included)
     * @param afterGcHeapMb    the most heap left in use right after any collection (after a young collection the
     *                         old generation still holds promoted garbage: an upper bound of the live set)
     * @param afterFullGcHeapMb the most heap left after a full collection: the live set, measured at least at the end
     *                         of every stage (the bench forces a full collection there, outside the run's time);
     *                         the figure the flat-heap target is judged on
     * @param collections      collections in the run, of which {@code fullCollections} full
     * @param failure          why the run failed (null: it completed)
     */
    public record Point(long positions, int accounts, double seconds, double recordsPerSecond, double microsPerRecord,
                        double workbookSeconds, double peakHeapMb, double afterGcHeapMb, double afterFullGcHeapMb,
                        long collections, long fullCollections, String failure) {
    }

    private static final double MB = 1024.0 * 1024.0;

    public record Report(String machine, List<Point> points, List<Bench.Target> targets) {
    }

    private ScalingBench() {
    }

    /** Runs {@code sizes} (ascending) through {@code bench}'s child JVMs. */
    public static Report run(Bench bench, Path work, List<Long> sizes) throws Exception {
        FeedGenerator gen = new FeedGenerator(20261120L);
        List<Point> points = new ArrayList<>();
        for (long n : sizes.stream().sorted().toList()) {
            int accounts = (int) Math.max(1, n / POSITIONS_PER_ACCOUNT);
            Path dir = work.resolve("scaling/" + n);
            deleteTree(dir);
            Files.createDirectories(dir);
            Path feed = dir.resolve("positions-" + n + ".csv");
            gen.secPositions(feed, n, accounts);
            BenchChild.Measured m = bench.child("pipeline-probed", feed, dir.resolve("out"), n);
            double seconds = m.nanos() / 1e9;
            long workbookNanos = m.stages().stream()
                    .filter(s -> s.name().equals(io.concord.gateway.StateOutputs.STAGE_WORKBOOKS))
                    .mapToLong(io.concord.gateway.StageClock.Stage::nanos).sum();
            String failure = m.failure() != null ? m.failure()
                    : m.records() != n ? "read " + m.records() + " of " + n + " positions" : null;
            BenchChild.AfterGc gc = m.afterGc() == null ? new BenchChild.AfterGc(0, 0, 0, 0) : m.afterGc();
            points.add(new Point(n, accounts, seconds, n / seconds, seconds * 1e6 / n, workbookNanos / 1e9,
                    m.peakHeapBytes() / MB, gc.peakAfterAnyBytes() / MB, gc.peakAfterFullBytes() / MB,
                    gc.collections(), gc.fullCollections(), failure));
            deleteTree(dir);
        }
        return new Report(Bench.machine(), points, targets(points));
    }

    private static List<Bench.Target> targets(List<Point> points) {
        List<Bench.Target> out = new ArrayList<>();
        for (int i = 1; i < points.size(); i++) {
            Point a = points.get(i - 1);
            Point b = points.get(i);
            boolean ran = a.failure() == null && b.failure() == null;
            double time = b.microsPerRecord() / a.microsPerRecord();
            double heap = b.afterFullGcHeapMb() / a.afterFullGcHeapMb();
            out.add(new Bench.Target(String.format(Locale.ROOT, "time linear from %,d to %,d positions (time per "
                    + "position within 25 %%)", a.positions(), b.positions()), ran
                    ? String.format(Locale.ROOT, "%.2f → %.2f µs per position (×%.2f)", a.microsPerRecord(),
                    b.microsPerRecord(), time) : "a run failed", ran && time <= 1.25));
            out.add(new Bench.Target(String.format(Locale.ROOT, "heap flat from %,d to %,d positions (live heap "
                    + "after full collections within 25 %%, inside -Xmx%s)", a.positions(), b.positions(), Bench.HEAP),
                    ran ? String.format(Locale.ROOT, "%.0f → %.0f MB (×%.2f); peak in use %.0f → %.0f MB",
                    a.afterFullGcHeapMb(), b.afterFullGcHeapMb(), heap, a.peakHeapMb(), b.peakHeapMb())
                    : "a run failed", ran && heap <= 1.25));
        }
        return out;
    }

    public static void print(Report r, PrintWriter w) {
        w.printf(Locale.ROOT, "Concord bench --scaling: process of a CSV positions file, every output (workbooks "
                + "included), each size in a JVM with -Xmx%s; %s%n%n", Bench.HEAP, r.machine());
        w.printf(Locale.ROOT, "%12s %9s %10s %12s %10s %12s %10s %10s %10s %8s%n", "positions", "accounts",
                "seconds", "records/s", "µs/record", "workbooks s", "peak MB", "kept MB", "live MB", "GCs");
        for (Point p : r.points()) {
            if (p.failure() != null) {
                w.printf(Locale.ROOT, "%,12d %,9d FAILED: %s%n", p.positions(), p.accounts(), p.failure());
            } else {
                w.printf(Locale.ROOT, "%,12d %,9d %10.2f %,12.0f %10.2f %12.2f %10.0f %10.0f %10.0f %4d/%-3d%n",
                        p.positions(), p.accounts(), p.seconds(), p.recordsPerSecond(), p.microsPerRecord(),
                        p.workbookSeconds(), p.peakHeapMb(), p.afterGcHeapMb(), p.afterFullGcHeapMb(),
                        p.collections(), p.fullCollections());
            }
        }
        w.printf(Locale.ROOT, "(peak MB: heap in use, sampled, garbage included; kept MB: the most left right after "
                + "any collection; live MB: the most left after a full collection, one forced at every stage's end and "
                + "%d at random points through the stream, one in each %d%% of its records; GCs: collections/full)%n",
                BenchChild.STREAM_PROBES, 100 / BenchChild.STREAM_PROBES);
        w.println();
        Bench.printTargets(r.targets(), w);
    }

    public static Map<String, Object> json(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scaling", r.points());
        m.put("targets", r.targets());
        m.put("machine", r.machine());
        return m;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
