package io.concord.gateway.runtime;

import io.concord.gateway.bus.BusConfig;
import io.concord.gateway.bus.BusPublisher;
import io.concord.gateway.bus.BusWorker;
import io.concord.gateway.bus.KafkaTopics;
import io.concord.gateway.ProcessRun;
import io.concord.gateway.RunSummary;
import io.concord.gateway.routes.BusRoutes;
import io.concord.gateway.routes.IngestRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.nio.file.Path;
import java.util.List;

/**
 * The pipeline over the bus, programmatically: an ingest that publishes normalized records, and workers that
 * consume them into their durable state. With the in-process bus the worker runs inside the ingest; with Kafka
 * any number of workers, in this process or others, share the topics' partitions in one consumer group.
 */
public final class BusPipeline {

    private BusPipeline() {
    }

    /**
     * Runs {@code files} through the ingest routes, publishing every accepted record to the bus, and returns the
     * run's summary (acks and exceptions are the run's, as in {@code process}); a record with a value longer than
     * the workers' state columns hold is rejected (INVALID_VALUE) and not published. {@code worker} consumes in this
     * process (required for the in-process bus; null for an ingest-only process on Kafka).
     */
    public static RunSummary ingest(ProcessRun run, List<Path> files, ConcordConfig config, BusWorker worker)
            throws Exception {
        BusConfig bus = config.bus();
        if (!bus.isKafka() && worker == null) {
            throw new IllegalArgumentException("the in-process bus needs its worker in the same process");
        }
        if (bus.isKafka()) {
            KafkaTopics.ensure(bus);
        }
        // a record the workers' tables cannot hold is rejected here, on its own, not at the worker
        run.admitting(io.concord.ledger.LedgerBounds::admit);
        return Gateway.process(config, run, files, new IngestRoutes(run, true),
                new BusRoutes(new BusPublisher(), worker));
    }

    /** A worker consuming the Kafka bus into {@code worker}'s state; {@link Worker#start()} starts it. */
    public static Worker worker(ConcordConfig config, BusWorker worker) {
        if (!config.bus().isKafka()) {
            throw new IllegalArgumentException("a separate worker needs concord.bus=kafka; the in-process bus runs "
                    + "its worker inside the ingest");
        }
        return new Worker(config, worker);
    }

    /** One worker instance: a member of the consumer group while started. */
    public static final class Worker implements AutoCloseable {

        private final BusConfig bus;
        private final BusWorker worker;
        private final Main main = new Main();

        private Worker(ConcordConfig config, BusWorker worker) {
            this.bus = config.bus();
            this.worker = worker;
            config.camelProperties().forEach(main::addOverrideProperty);
            main.configure().addRoutesBuilder(new BusRoutes(null, worker));
        }

        /** Joins the group and consumes until {@link #close()}. */
        public Worker start() throws Exception {
            KafkaTopics.ensure(bus);
            main.start();
            return this;
        }

        /** Runs until the process is told to stop (SIGTERM / Ctrl-C). */
        public void run() throws Exception {
            KafkaTopics.ensure(bus);
            main.run();
        }

        public BusWorker worker() {
            return worker;
        }

        public CamelContext camelContext() {
            return main.getCamelContext();
        }

        /** Stops consuming gracefully (the record in hand is finished) and leaves the group. */
        @Override
        public void close() throws Exception {
            main.stop();
        }
    }
}
