package io.concord.gateway.bus;

import io.concord.gateway.runtime.ConcordConfig;
import io.concord.ledger.Ledger;
import io.concord.gateway.cli.ProcessCommand;
import com.fasterxml.jackson.databind.JsonNode;
import io.concord.gateway.runtime.BusPipeline;
import io.concord.gateway.runtime.Gateway;
import io.concord.gateway.StateOutputs;
import io.concord.mapping.MappingSet;
import io.concord.gateway.ProcessRun;
import io.concord.gateway.RunSummary;
import io.concord.gateway.cli.CliRun;
import io.concord.gateway.cli.ConcordCli;
import io.concord.testing.TestPostgres;
import io.concord.report.Json;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline over a real Kafka broker (in-process, KRaft): two workers in one consumer group share the
 * partitions of 100,000 positions over 1,000 accounts plus every fixture feed; one is stopped mid-stream and the
 * other takes over its partitions; margin on the workers' durable state equals that of a single in-process run on
 * the same input (the ingest's own {@code process} run, margin stage included), and every record is applied
 * exactly once. Then the group's offsets are rewound and records are delivered again: nothing changes.
 */
class KafkaBusTest {

    private static final Path MAPPINGS = Path.of("mappings");
    private static final String[] CUSIPS = {"037833100", "594918104", "67066G104"};
    private static final String[] SYMBOLS = {"AAPL", "MSFT", "NVDA"};
    private static final int ACCOUNTS = 1000;
    private static final int POSITIONS = 100_000;
    private static final int AMENDED = 5_000;

    @TempDir
    static Path dir;
    private static MappingSet mappings;
    private static StateOutputs.Engines engines;

    @BeforeAll
    static void load() throws Exception {
        mappings = MappingSet.load(MAPPINGS);
        engines = StateOutputs.Engines.load(MAPPINGS, mappings);
    }

    /**
     * 100,000 stock-record positions over 1,000 accounts (100 distinct position keys each), then a later file that
     * restates 5,000 of them with other quantities: the overwrite rule must hold across the bus too.
     */
    private static List<Path> input() throws IOException {
        Path in = dir.resolve("input");
        Files.createDirectories(in);
        Path eod = in.resolve("positions-bulk-2026-11-20-1-eod.csv");
        Path amend = in.resolve("positions-bulk-2026-11-20-2-amend.csv");
        try (BufferedWriter w = Files.newBufferedWriter(eod); BufferedWriter a = Files.newBufferedWriter(amend)) {
            String header = "firm_lei,account,segregation_class,cusip,symbol,security_type,quantity,side,price,"
                    + "currency,as_of,location\n";
            w.write(header);
            a.write(header);
            for (int i = 0; i < POSITIONS; i++) {
                String row = "549300LARKSPURSEC059,C-" + (i % ACCOUNTS) + ",SEC_15C3_3_CUST," + CUSIPS[i % 3] + ","
                        + SYMBOLS[i % 3] + ",CS,%d," + (i % 7 == 0 ? "SHORT" : "LONG") + ",101.25,USD,2026-11-20,LOC-"
                        + (i / ACCOUNTS) + "\n";
                w.write(row.formatted(100 + i % 900));
                if (i % (POSITIONS / AMENDED) == 0) {
                    a.write(row.formatted(7 + i % 50));
                }
            }
        }
        return List.of(Path.of("fixtures/sec"), Path.of("fixtures/cftc"), Path.of("fixtures/collateral"),
                Path.of("fixtures/crif"), in);
    }

    @Test
    void twoWorkersOneStoppedMidStreamGiveTheMarginOfOneInProcessRun() throws Exception {
        try (KafkaBroker broker = new KafkaBroker()) { // a broker per test: the topics hold only this test's records
            twoWorkersOneStoppedMidStream(broker);
        }
    }

    private void twoWorkersOneStoppedMidStream(KafkaBroker broker) throws Exception {
        List<Path> inputs = input();
        BusConfig bus = BusConfig.kafka(broker.bootstrapServers(), "workers-" + System.nanoTime(), 12);
        String state = "jdbc:h2:file:" + dir.resolve("state/bus").toAbsolutePath();
        WorkerState stateA = WorkerState.open(state, "sa", "");
        WorkerState stateB = WorkerState.open(state, "sa", "");
        long started = System.nanoTime();
        BusPipeline.Worker a = BusPipeline.worker(ConcordConfig.defaults().withBus(bus), new BusWorker(stateA)).start();
        BusPipeline.Worker b = BusPipeline.worker(ConcordConfig.defaults().withBus(bus), new BusWorker(stateB)).start();
        // the ingest is a whole process run (margin stage included), so its own margin.json is that of a single
        // in-process run on the same input, from its in-memory book
        Path reference = dir.resolve("ingest");
        ProcessRun ingest = new ProcessRun(reference, mappings, io.concord.feed.FeedFormats.standard(), null, engines);
        CompletableFuture<RunSummary> published = CompletableFuture.supplyAsync(() -> {
            try {
                return BusPipeline.ingest(ingest, Gateway.expand(inputs), ConcordConfig.defaults().withBus(bus), null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // stop worker A once the workers have applied a fifth of the bulk file, each some of it (a worker that joins
        // the group late has applied nothing yet)
        await(() -> stateA.applied() > 0 && stateB.applied() > 0
                        && stateA.applied() + stateB.applied() >= POSITIONS / 5 || published.isDone(),
                "a fifth of the records applied, by both workers");
        assertThat(published).as("the ingest is still publishing when worker A stops").isNotDone();
        a.close();
        long appliedByA = stateA.applied();
        RunSummary summary = published.get();
        assertThat(summary.internalErrors()).isEmpty();
        double ingested = (System.nanoTime() - started) / 1e9;
        await(() -> appliedByA + stateB.applied() >= summary.accepted(), "every accepted record applied");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(stateB.records()).isEqualTo(summary.accepted());

        // every record applied once: the identities stored are the records accepted, the workers' applications add
        // up to them, and re-deliveries (worker B re-reading what A applied but had not committed) changed nothing
        assertThat(summary.accepted()).isGreaterThan(POSITIONS + AMENDED);
        assertThat(summary.received()).isEqualTo(summary.accepted() + summary.rejected());
        assertThat(summary.bookedPositions()).isGreaterThan(POSITIONS); // the bulk file's keys and the fixtures'
        assertThat(appliedByA).isPositive();
        assertThat(stateB.applied()).isPositive();
        assertThat(appliedByA + stateB.applied()).isEqualTo(summary.accepted());
        System.out.printf("kafka bus: %d records (%d positions in the bulk file), worker A %d before its stop, worker "
                + "B %d, %d re-deliveries skipped, ingest done after %.1f s, all applied after %.1f s%n",
                summary.accepted(), POSITIONS, appliedByA, stateB.applied(), stateB.duplicates(), ingested, seconds);

        JsonNode expected = Json.MAPPER.readTree(reference.resolve("margin/margin.json").toFile());
        long t1 = System.nanoTime();
        assertSameMargin(margin(Ledger.open(state, "sa", "")), expected);
        System.out.printf("margin on the workers' state: %.1f s%n", (System.nanoTime() - t1) / 1e9);
        b.close();

        // rewind a quarter of every topic's partitions to their start: each record there is delivered again and
        // skipped, and the state is unchanged
        long t2 = System.nanoTime();
        long rewound = 0;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bus.brokers()))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (BusRecord.Kind kind : BusRecord.Kind.values()) {
                for (int p = 0; p < bus.partitions() / 4; p++) {
                    ends.put(new TopicPartition(BusConfig.topic(kind), p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (var e : admin.listOffsets(ends).all().get().entrySet()) {
                rewound += e.getValue().offset();
                start.put(e.getKey(), new OffsetAndMetadata(0));
            }
            admin.alterConsumerGroupOffsets(bus.group(), start).all().get();
        }
        long again = rewound;
        assertThat(again).isPositive();
        WorkerState stateC = WorkerState.open(state, "sa", "");
        try (BusPipeline.Worker c = BusPipeline.worker(ConcordConfig.defaults().withBus(bus), new BusWorker(stateC)).start()) {
            await(() -> stateC.duplicates() >= again, "the rewound records delivered again");
        }
        System.out.printf("%d records delivered again and skipped: %.1f s%n", again, (System.nanoTime() - t2) / 1e9);
        assertThat(stateC.duplicates()).isEqualTo(again);
        assertThat(stateC.applied()).isZero();
        assertThat(stateC.records()).isEqualTo(summary.accepted());
        stateA.close();
        stateB.close();
        stateC.close();
    }

    /** margin.json of {@code concord process} on fixtures/, computed once. */
    private static synchronized JsonNode fixturesMargin() throws IOException {
        Path reference = dir.resolve("reference-fixtures");
        if (!Files.exists(reference.resolve("margin/margin.json"))) {
            CliRun process = CliRun.of("process", "--out", reference.toString(), "fixtures");
            assertThat(process.code()).as(process.err()).isEqualTo(ProcessCommand.EXIT_REJECTED); // fixtures/bad/
        }
        return Json.MAPPER.readTree(reference.resolve("margin/margin.json").toFile());
    }

    private static ProcessRun ingestRun(String name) {
        return new ProcessRun(dir.resolve(name), mappings, io.concord.feed.FeedFormats.standard(), null);
    }

    @Test
    void theSameRoutesRunInProcessWithTheDefaultBus() throws Exception {
        String url = "jdbc:h2:mem:bus-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (WorkerState state = WorkerState.open(url, "sa", "")) {
            RunSummary summary = BusPipeline.ingest(ingestRun("ingest-in-process"),
                    Gateway.expand(List.of(Path.of("fixtures"))), ConcordConfig.defaults(), new BusWorker(state));
            assertThat(state.records()).isEqualTo(summary.accepted());
            assertThat(state.applied()).isEqualTo(summary.accepted());
            assertSameMargin(margin(Ledger.open(url, "sa", "")), fixturesMargin());
        }
    }

    /**
     * {@code concord serve --role worker} in its own JVM, its state in PostgreSQL (a schema of its own), consumes
     * what an ingest publishes; {@code concord margin} on that state equals {@code concord process}.
     */
    @Test
    void aWorkerStartedFromTheCommandLineConsumesIntoPostgresql() throws Exception {
        try (KafkaBroker broker = new KafkaBroker()) {
            commandLineWorker(broker);
        }
    }

    private void commandLineWorker(KafkaBroker broker) throws Exception {
        TestPostgres pg = TestPostgres.get();
        String schema = pg.newSchema();
        String url = pg.urlFor(schema);
        Path config = dir.resolve("worker.yaml");
        Files.writeString(config, "ledgerUrl: " + url + "\nledgerUser: " + pg.user() + "\nledgerPassword: \"\"\n");
        BusConfig bus = BusConfig.kafka(broker.bootstrapServers(), "cli-" + System.nanoTime(), 4);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dconcord.bus=kafka", "-Dconcord.kafka.brokers=" + bus.brokers(),
                "-Dconcord.kafka.group=" + bus.group(), "-Dconcord.kafka.partitions=4",
                "-cp", System.getProperty("java.class.path"), ConcordCli.class.getName(),
                "serve", "--role", "worker", "--config", config.toString());
        pb.redirectErrorStream(true);
        Process worker = pb.start();
        try (WorkerState state = WorkerState.open(url, pg.user(), "")) {
            BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            for (String line; (line = out.readLine()) != null && !line.startsWith("concord serve --role worker:"); ) {
                seen.add(line);
            }
            assertThat(worker.isAlive()).as("the worker started: %s", seen).isTrue();
            RunSummary summary = BusPipeline.ingest(ingestRun("ingest-cli"),
                    Gateway.expand(List.of(Path.of("fixtures"))), ConcordConfig.defaults().withBus(bus), null);
            await(() -> state.records() == summary.accepted(), "the worker applied every record");

            Path marginOut = dir.resolve("margin-cli");
            CliRun margin = CliRun.of("margin", "--config", config.toString(), "--out", marginOut.toString());
            assertThat(margin.code()).as(margin.err()).isEqualTo(0);
            assertThat(margin.out()).contains("margin on " + summary.accepted() + " worker records");
            assertSameMargin(Json.MAPPER.readTree(marginOut.resolve("margin/margin.json").toFile()), fixturesMargin());
        } finally {
            worker.destroy(); // SIGTERM: camel-main stops gracefully
            assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
            pg.dropSchema(schema);
        }
    }

    /** margin.json as the state the workers wrote gives it. */
    private static JsonNode margin(Ledger state) throws IOException {
        Path out = Files.createTempDirectory(dir, "bus-margin");
        return Json.MAPPER.readTree(BusMargin.write(state, engines, mappings.version(), out).get("margin").toFile());
    }

    /** Account by account, then the whole document. */
    private static void assertSameMargin(JsonNode actual, JsonNode expected) {
        JsonNode accounts = actual.get("accounts");
        JsonNode expectedAccounts = expected.get("accounts");
        assertThat(accounts.size()).isEqualTo(expectedAccounts.size()).isPositive();
        for (int i = 0; i < expectedAccounts.size(); i++) {
            assertThat(accounts.get(i)).isEqualTo(expectedAccounts.get(i));
        }
        assertThat(actual).isEqualTo(expected);
    }

    /** Waits (Awaitility) for a condition the workers reach on their own consumer threads, for at most 60 s. */
    private static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
