package io.concord.bench;

import io.concord.feed.FeedFormats;
import io.concord.gateway.ProcessRun;
import io.concord.gateway.RunSummary;
import io.concord.gateway.bus.BusConfig;
import io.concord.gateway.bus.BusRecord;
import io.concord.gateway.runtime.ConcordConfig;
import io.concord.gateway.runtime.BusPipeline;
import io.concord.gateway.bus.BusWorker;
import io.concord.gateway.bus.KafkaTopics;
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

    /** How long started Kafka workers may take to join their group and be assigned every partition. */
    private static final long GROUP_MILLIS = 60_000;

    /** How long the Kafka workers may take, after the ingest ends, to apply what it published. */
    private static final long DRAIN_MILLIS = 300_000;

    public static BusBench measure(Path feed, Path work, Path mappings, String brokers, int workers, int partitions)
            throws Exception {
        MappingSet set = MappingSet.load(mappings);
        if (workers < 1) {
            throw new IllegalArgumentException("the Kafka bus needs at least one worker, not " + workers);
        }
        long t0 = System.nanoTime();
        long accepted;
        try (WorkerState state = WorkerState.open(h2(work, "bus-direct-state"), "sa", "")) {
            RunSummary s = BusPipeline.ingest(new ProcessRun(work.resolve("bus-direct"), set, FeedFormats.standard(),
                    null), List.of(feed), ConcordConfig.defaults(), new BusWorker(state));
            accepted = s.accepted();
            reconcile(s, state.applied(), state.records());
        }
        double direct = (System.nanoTime() - t0) / 1e9;

        Kafka k = kafka(feed, work, set, brokers, workers, partitions);
        if (k.records() != accepted) {
            throw new IllegalStateException("the Kafka bus accepted " + k.records() + " records, in-process " + accepted);
        }
        return new BusBench(accepted, direct, accepted / direct, k.seconds(), k.recordsPerSecond(),
                k.recordsPerSecond() / (accepted / direct), workers, partitions);
    }

    /**
     * The Kafka bus alone: {@code workers} workers in a new consumer group sharing one state, then the feed ingested
     * and published; timed from the ingest's start (the first record read) to the last record applied. Checks
     * that every record published is applied exactly once: received = accepted + rejected, the identities the
     * state holds = the records the workers applied = accepted.
     *
     * @param records          records accepted by the ingest (and so published)
     * @param seconds          first record read to last record applied
     * @param recordsPerSecond {@code records / seconds}
     * @param ingestSeconds    first record read to the ingest's end (every record acknowledged by the broker)
     * @param duplicates       re-deliveries the workers recognised and skipped (a rebalance during the run)
     */
    public record Kafka(long records, double seconds, double recordsPerSecond, double ingestSeconds,
                        long duplicates) {
    }

    public static Kafka kafka(Path feed, Path work, MappingSet set, String brokers, int workers, int partitions)
            throws Exception {
        ConcordConfig bus = ConcordConfig.defaults().withBus(
                BusConfig.kafka(brokers, "bench-" + System.nanoTime(), partitions));
        // the new group starts at the topics' ends: what earlier runs left there is not this run's
        KafkaTopics.startGroupAtEnd(bus.bus());
        String url = h2(work, "bus-kafka-state");
        List<WorkerState> states = new ArrayList<>();
        List<BusPipeline.Worker> group = new ArrayList<>();
        try {
            startWorkers(bus, url, workers, states, group);
            // the clock starts once the workers hold the topics' partitions, as deployed workers do when a file comes
            KafkaTopics.awaitAssigned(bus.bus(), workers * BusRecord.Kind.values().length, GROUP_MILLIS);
            long t1 = System.nanoTime();
            RunSummary s = BusPipeline.ingest(new ProcessRun(work.resolve("bus-kafka"), set, FeedFormats.standard(),
                    null), List.of(feed), bus, null);
            double ingest = (System.nanoTime() - t1) / 1e9;
            awaitApplied(states, s.accepted());
            double kafka = (System.nanoTime() - t1) / 1e9;
            reconcile(s, applied(states), states.get(0).records());
            long duplicates = states.stream().mapToLong(WorkerState::duplicates).sum();
            return new Kafka(s.accepted(), kafka, s.accepted() / kafka, ingest, duplicates);
        } finally {
            stop(group, states);
        }
    }

    /**
     * The workers alone: the feed is ingested and published first, then {@code workers} workers of a new group
     * consume that backlog. Timed from the first record applied to the last, so neither the ingest nor the workers'
     * start-up counts: records/s = (records - those of the first delivery) / that time. Checks as {@link #kafka}.
     */
    public static Kafka backlog(Path feed, Path work, MappingSet set, String brokers, int workers, int partitions)
            throws Exception {
        ConcordConfig bus = ConcordConfig.defaults().withBus(
                BusConfig.kafka(brokers, "bench-" + System.nanoTime(), partitions));
        KafkaTopics.startGroupAtEnd(bus.bus());
        long t0 = System.nanoTime();
        RunSummary s = BusPipeline.ingest(new ProcessRun(work.resolve("bus-kafka"), set, FeedFormats.standard(),
                null), List.of(feed), bus, null);
        double ingest = (System.nanoTime() - t0) / 1e9;
        List<WorkerState> states = new ArrayList<>();
        List<BusPipeline.Worker> group = new ArrayList<>();
        try {
            startWorkers(bus, h2(work, "bus-kafka-state"), workers, states, group);
            long first;
            while ((first = applied(states)) == 0) {
                Thread.sleep(1);
            }
            long t1 = System.nanoTime();
            awaitApplied(states, s.accepted());
            double seconds = (System.nanoTime() - t1) / 1e9;
            reconcile(s, applied(states), states.get(0).records());
            long duplicates = states.stream().mapToLong(WorkerState::duplicates).sum();
            return new Kafka(s.accepted(), seconds, (s.accepted() - first) / seconds, ingest, duplicates);
        } finally {
            stop(group, states);
        }
    }

    /** Each worker with its own connection to the one database, as workers in their own processes have. */
    private static void startWorkers(ConcordConfig bus, String url, int workers, List<WorkerState> states,
                                     List<BusPipeline.Worker> group) throws Exception {
        for (int i = 0; i < workers; i++) {
            states.add(WorkerState.open(url, "sa", ""));
            group.add(BusPipeline.worker(bus, new BusWorker(states.get(i))).start());
        }
    }

    private static void awaitApplied(List<WorkerState> states, long accepted) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
        while (applied(states) < accepted) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Kafka workers applied " + applied(states) + " of " + accepted
                        + " records within " + DRAIN_MILLIS / 1000 + " s of the ingest's end");
            }
            Thread.sleep(5); // polling the workers' counts: they run in their own consumer threads
        }
    }

    private static void stop(List<BusPipeline.Worker> group, List<WorkerState> states) throws Exception {
        for (BusPipeline.Worker w : group) {
            w.close();
        }
        for (WorkerState st : states) {
            st.close();
        }
    }

    private static long applied(List<WorkerState> states) {
        return states.stream().mapToLong(WorkerState::applied).sum();
    }

    /** Every record published applied exactly once: the ingest's counts, the workers' and the stored identities. */
    private static void reconcile(RunSummary s, long applied, long stored) {
        if (s.received() != s.accepted() + s.rejected()) {
            throw new IllegalStateException("received " + s.received() + " != accepted " + s.accepted()
                    + " + rejected " + s.rejected());
        }
        if (applied != s.accepted() || stored != s.accepted()) {
            throw new IllegalStateException("accepted " + s.accepted() + " records, the workers applied "
                    + applied + " and the state holds " + stored + " identities");
        }
    }

    private static String h2(Path work, String name) {
        return "jdbc:h2:file:" + work.toAbsolutePath().resolve(name + "-" + System.nanoTime()) + ";DB_CLOSE_DELAY=-1";
    }
}
