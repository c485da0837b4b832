package io.concord.gateway.bus;

import io.concord.bench.BusBench;
import io.concord.bench.FeedGenerator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Kafka bus figures of {@code concord bench} without an external broker: starts the tests' in-process broker
 * ({@link KafkaBroker}) and runs {@link BusBench#measure} on a generated feed with one and with two workers, printing
 * records/s for each (from the first record read to the last applied, every record reconciled against the state).
 * A main in the test sources, so the Kafka server jars stay off the production class path. Arguments: positions
 * (default 100,000), accounts (default 1,000), work folder (default a temporary one), worker counts (default 1 2).
 * See docs/bus.md "Throughput".
 */
public final class BusThroughput {

    private BusThroughput() {
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
        try (KafkaBroker broker = new KafkaBroker()) {
            double one = 0;
            for (int n : workers) {
                BusBench b = BusBench.measure(feed, work.resolve("bus-" + n + "-" + System.nanoTime()),
                        Path.of("mappings"), broker.bootstrapServers(), n, 12);
                if (n == 1) {
                    one = b.kafkaRecordsPerSecond();
                }
                System.out.printf(Locale.ROOT, "kafka: %,d records, %d worker(s), %d partitions: %,.0f records/s "
                                + "(%.2f s)%s; in-process bus %,.0f records/s (%.2f s)%n", b.records(), n,
                        b.partitions(), b.kafkaRecordsPerSecond(), b.kafkaSeconds(), one > 0 && n > 1
                                ? String.format(Locale.ROOT, ", %.2fx one worker", b.kafkaRecordsPerSecond() / one)
                                : "", b.inProcessRecordsPerSecond(), b.inProcessSeconds());
            }
        }
    }
}
