package io.concord.bench;

import io.concord.feed.FeedFormats;
import io.concord.gateway.ProcessRun;
import io.concord.gateway.RunSummary;
import io.concord.gateway.bus.BusConfig;
import io.concord.gateway.runtime.ConcordConfig;
import io.concord.gateway.runtime.BusPipeline;
import io.concord.gateway.bus.BusWorker;
import io.concord.gateway.bus.WorkerState;
import io.concord.mapping.MappingSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bus part of {@code concord bench}: the same feed through the ingest routes and the bus workers, once on the
 * in-process bus and once over Kafka with several workers in one consumer group, each from the first record read to
 * the last record applied to the workers' state (an H2 database in the work folder, as a worker keeps it). The
 * broker is the caller's ({@code --kafka HOST:PORT}): Concord starts none.
 *
 * @param records                    records accepted (and applied, on each bus)
 * @param inProcessSeconds           in-process bus, read to last applied
 * @param inProcessRecordsPerSecond  its rate
 * @param kafkaSeconds               Kafka bus, read to last applied
 * @param kafkaRecordsPerSecond      its rate
 * @param ratio                      Kafka rate / in-process rate
 * @param workers                    Kafka workers in the consumer group
 * @param partitions                 partitions per topic
 */
public record BusBench(long records, double inProcessSeconds, double inProcessRecordsPerSecond, double kafkaSeconds,
                       double kafkaRecordsPerSecond, double ratio, int workers, int partitions) {

    /** How long the Kafka workers may take, after the ingest ends, to apply what it published. */
    private static final long DRAIN_MILLIS = 300_000;

    public static BusBench measure(Path feed, Path work, Path mappings, String brokers, int workers, int partitions)
            throws Exception {
        MappingSet set = MappingSet.load(mappings);
        long t0 = System.nanoTime();
        long accepted;
        try (WorkerState state = WorkerState.open(h2(work, "bus-direct-state"), "sa", "")) {
            RunSummary s = BusPipeline.ingest(new ProcessRun(work.resolve("bus-direct"), set, FeedFormats.standard(),
                    null), List.of(feed), ConcordConfig.defaults(), new BusWorker(state));
            accepted = s.accepted();
            if (state.applied() != accepted) {
                throw new IllegalStateException("in-process bus applied " + state.applied() + " of " + accepted);
            }
        }
        double direct = (System.nanoTime() - t0) / 1e9;

        ConcordConfig bus = ConcordConfig.defaults().withBus(
                BusConfig.kafka(brokers, "bench-" + System.nanoTime(), partitions));
        try (WorkerState state = WorkerState.open(h2(work, "bus-kafka-state"), "sa", "")) {
            List<BusPipeline.Worker> group = new ArrayList<>();
            try {
                for (int i = 0; i < workers; i++) {
                    group.add(BusPipeline.worker(bus, new BusWorker(state)).start());
                }
                long t1 = System.nanoTime();
                RunSummary s = BusPipeline.ingest(new ProcessRun(work.resolve("bus-kafka"), set, FeedFormats.standard(),
                        null), List.of(feed), bus, null);
                long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
                while (state.applied() < s.accepted()) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("Kafka workers applied " + state.applied() + " of "
                                + s.accepted() + " records within " + DRAIN_MILLIS / 1000 + " s of the ingest's end");
                    }
                    Thread.sleep(20); // polling the workers' shared state: they run in their own consumer threads
                }
                double kafka = (System.nanoTime() - t1) / 1e9;
                return new BusBench(accepted, direct, accepted / direct, kafka, s.accepted() / kafka,
                        (s.accepted() / kafka) / (accepted / direct), workers, partitions);
            } finally {
                for (BusPipeline.Worker w : group) {
                    w.close();
                }
            }
        }
    }

    private static String h2(Path work, String name) {
        return "jdbc:h2:file:" + work.toAbsolutePath().resolve(name + "-" + System.nanoTime()) + ";DB_CLOSE_DELAY=-1";
    }
}
