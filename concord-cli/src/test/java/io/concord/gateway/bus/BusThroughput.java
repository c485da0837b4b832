package io.concord.gateway.bus;

import io.concord.bench.BusBench;
import io.concord.bench.FeedGenerator;
import io.concord.mapping.MappingSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Kafka bus figures of {@code concord bench} without an external broker: starts the tests' in-process broker
 * ({@link KafkaBroker}) and runs {@link BusBench#kafka} on a generated feed with one and with two workers (after a
 * warm-up run on a feed as large), printing records/s for each: from the first record read to the last applied, every
 * record reconciled against the state; then the workers alone ({@link BusBench#backlog}) on the same feed published
 * beforehand.
 * A main in the test sources, so the Kafka server jars stay off the production class path. Arguments: positions
 * (default 100,000), accounts (default 1,000), work folder (default a temporary one), worker counts (default 1 2).
 * See docs/bus.md "Throughput".
 */
public final class BusThroughput {

    private BusThroughput() {
    }

    /** CPU time of this process so far (every thread, the broker's included), in nanoseconds. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String ratio(int workers, double rate, double one) {
        return one > 0 && workers > 1 ? String.format(Locale.ROOT, ", %.2fx one worker", rate / one) : "";
    }

    public static void main(String[] args) throws Exception {
        long positions = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("concord-bus-throughput");
        int[] workers = args.length > 3 ? java.util.Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt)
                .toArray() : new int[] {1, 2};
        Path feed = work.resolve("positions-bus.csv");
        Files.createDirectories(work);
        new FeedGenerator(20261120L).secPositions(feed, positions, accounts);
        MappingSet set = MappingSet.load(Path.of("mappings"));
        try (KafkaBroker broker = new KafkaBroker()) {
            // warm-up: the same paths on a feed as large (another seed), so no measured run is the JIT's; with a
            // fifth of the feed the first measured run still took half again the CPU of the same run later
            Path warm = work.resolve("positions-warm-up.csv");
            new FeedGenerator(20261121L).secPositions(warm, positions, accounts);
            BusBench.kafka(warm, work.resolve("warm-up"), set, broker.bootstrapServers(), 2, 12);
            BusBench.backlog(warm, work.resolve("warm-up-backlog"), set, broker.bootstrapServers(), 2, 12);
            double one = 0;
            double oneAlone = 0;
            for (int n : workers) {
                long cpu0 = cpu();
                BusBench.Kafka k = BusBench.kafka(feed, work.resolve("bus-" + n + "-" + System.nanoTime()), set,
                        broker.bootstrapServers(), n, 12);
                double cpu = (cpu() - cpu0) / 1e9;
                BusBench.Kafka b = BusBench.backlog(feed, work.resolve("backlog-" + n + "-" + System.nanoTime()), set,
                        broker.bootstrapServers(), n, 12);
                if (n == 1) {
                    one = k.recordsPerSecond();
                    oneAlone = b.recordsPerSecond();
                }
                System.out.printf(Locale.ROOT, "kafka: %,d records, %d worker(s), 12 partitions: end to end %,.0f "
                                + "records/s (%.2f s, the ingest %.2f s of it, %d re-deliveries skipped; %.1f s CPU, "
                                + "broker included)%s; the workers alone on the published backlog %,.0f records/s "
                                + "(%.2f s)%s, its ingest alone %.2f s%n", k.records(), n, k.recordsPerSecond(),
                        k.seconds(), k.ingestSeconds(), k.duplicates(), cpu, ratio(n, k.recordsPerSecond(), one),
                        b.recordsPerSecond(), b.seconds(), ratio(n, b.recordsPerSecond(), oneAlone),
                        b.ingestSeconds());
            }
        }
    }
}
