package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.gateway.bus.BusConfig;
import io.concord.gateway.bus.BusWorker;
import io.concord.gateway.bus.KafkaBroker;
import io.concord.gateway.bus.WorkerState;
import io.concord.gateway.cli.ConcordCli;
import io.concord.gateway.runtime.BusPipeline;
import io.concord.gateway.runtime.ConcordConfig;
import io.concord.ledger.Ledger;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.concord.gateway.serve.ServeHarness.MERIDIAN;
import static io.concord.gateway.serve.ServeHarness.principal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Serve on Kafka, the one state store: the gateway commits each submission with the records it published, a bus
 * worker sharing its ledger writes the state (through the same code as a commit on the in-process bus), and the
 * gateway publishes its current state once the workers have applied the submission. A firm then reads the margin of
 * its submissions under the overwrite rule, equal to a {@code process} run over the same files and to a gateway on
 * the in-process bus, and the ledger holds the state once.
 */
class ServeOnKafkaTest {

    @TempDir
    Path dir;

    private static final String[][] SUBMISSIONS = {
            {"cftc-fixml-posrpt", ServeMarginTest.EOD}, {"cftc-fixml-posrpt", ServeMarginTest.AMEND},
            {"cftc-part45", ServeMarginTest.TRADES}, {"cftc-part45", ServeMarginTest.COLLATERAL},
            {"crif", ServeMarginTest.CRIF}};

    @Test
    void theWorkersWriteTheStateTheGatewayPublishes() throws Exception {
        List<Principal> principals = List.of(principal("meridian", Principal.Role.FIRM, MERIDIAN));
        Path kafkaDir = dir.resolve("kafka");
        String ledgerUrl = "jdbc:h2:file:" + kafkaDir.resolve("data/ledger");
        try (KafkaBroker broker = new KafkaBroker()) {
            BusConfig bus = BusConfig.kafka(broker.bootstrapServers(), "serve-" + System.nanoTime(), 4);
            Files.createDirectories(kafkaDir);
            try (WorkerState state = WorkerState.open(ledgerUrl, "sa", "");
                 BusPipeline.Worker worker = BusPipeline.worker(ConcordConfig.defaults().withBus(bus),
                         new BusWorker(state)).start();
                 ServeHarness onKafka = new ServeHarness(kafkaDir, 10_000_000, principals, c -> c,
                         c -> c.withBus(bus));
                 ServeHarness inProcess = new ServeHarness(dir.resolve("direct"), 10_000_000, principals)) {
                List<String> files = new ArrayList<>();
                for (String[] s : SUBMISSIONS) {
                    files.add(s[1]);
                    assertThat(onKafka.submit("k-meridian", s[0], s[1]).status()).as(s[1]).isEqualTo(201);
                    assertThat(inProcess.submit("k-meridian", s[0], s[1]).status()).as(s[1]).isEqualTo(201);
                    JsonNode published = Json.MAPPER.readTree(onKafka.runtime.gateway().current().read(
                            CurrentState.STATE_FILE).orElseThrow());
                    assertThat(published.has(CurrentState.UNAPPLIED)).as("published once the workers applied " + s[1])
                            .isFalse();
                    assertThat(margin(onKafka)).as("after " + s[1]).isEqualTo(margin(inProcess));
                }

                // each right on its own: the margin of every submission, as one process run over the files gives it
                Path reference = dir.resolve("reference");
                List<String> args = new ArrayList<>(List.of("process", "--out", reference.toString()));
                args.addAll(files);
                assertThat(ConcordCli.run(args.toArray(String[]::new))).isZero();
                JsonNode expected = ServeMarginTest.firmPart(reference, MERIDIAN);
                assertThat(expected.get("accounts")).isNotEmpty();
                assertThat(margin(onKafka)).isEqualTo(expected);

                // the gateway wrote the acks, the workers the state, each once: the same rows as the in-process
                // gateway's commits wrote, every published record's identity applied, no submission left unapplied
                Ledger kafka = Ledger.open(ledgerUrl, "sa", "");
                Ledger direct = Ledger.open("jdbc:h2:file:" + dir.resolve("direct/data/ledger"), "sa", "");
                for (String table : List.of("submission", "position_state", "collateral_state", "sensitivity_state")) {
                    assertThat(kafka.count(table)).as(table).isEqualTo(direct.count(table)).isPositive();
                }
                assertThat(kafka.count("applied_record")).isEqualTo(state.records()).isPositive();
                assertThat(direct.count("applied_record")).isZero();
                assertThat(kafka.unapplied()).isEmpty();
            }
        }
    }

    /**
     * The outbox: a gateway that stops after committing submissions it had not yet published (here its outbox is
     * stopped first, as if it died after each commit) has acknowledged them, and the workers hold nothing of them;
     * at its next start it publishes every submission the workers have not applied, in the order received, and its
     * current state is that of all of them.
     */
    @Test
    void submissionsCommittedButNotPublishedArePublishedAtTheNextStart() throws Exception {
        List<Principal> principals = List.of(principal("meridian", Principal.Role.FIRM, MERIDIAN));
        Path gateway = dir.resolve("restarted");
        String ledgerUrl = "jdbc:h2:file:" + gateway.resolve("data/ledger");
        List<String> files = new ArrayList<>();
        try (KafkaBroker broker = new KafkaBroker()) {
            BusConfig bus = BusConfig.kafka(broker.bootstrapServers(), "restart-" + System.nanoTime(), 4);
            try (ServeHarness first = new ServeHarness(gateway, 10_000_000, principals, c -> c, c -> c.withBus(bus))) {
                first.runtime.gateway().stopPublishing();
                for (String[] s : SUBMISSIONS) {
                    files.add(s[1]);
                    Path f = Path.of(s[1]);
                    ServeHarness.Reply r = first.call("POST", "/feeds/" + s[0], "k-meridian", Files.readAllBytes(f),
                            "application/octet-stream", f.getFileName().toString());
                    assertThat(r.status()).as(s[1] + ": " + new String(r.bytes())).isEqualTo(201);
                }
                Ledger ledger = Ledger.open(ledgerUrl, "sa", "");
                assertThat(ledger.unapplied()).as("acknowledged, none published").hasSize(SUBMISSIONS.length)
                        .allSatisfy(u -> assertThat(u.applied()).isZero());
                assertThat(ledger.count("position_state") + ledger.count("collateral_state")
                        + ledger.count("sensitivity_state")).isZero();
            }
            try (WorkerState state = WorkerState.open(ledgerUrl, "sa", "");
                 BusPipeline.Worker worker = BusPipeline.worker(ConcordConfig.defaults().withBus(bus),
                         new BusWorker(state)).start();
                 ServeHarness second = new ServeHarness(gateway, 10_000_000, principals, c -> c,
                         c -> c.withBus(bus))) {
                second.runtime.gateway().current().settled().get(2, java.util.concurrent.TimeUnit.MINUTES);
                Ledger ledger = Ledger.open(ledgerUrl, "sa", "");
                assertThat(ledger.unapplied()).isEmpty();
                JsonNode published = Json.MAPPER.readTree(second.runtime.gateway().current().read(
                        CurrentState.STATE_FILE).orElseThrow());
                assertThat(published.has(CurrentState.UNAPPLIED)).isFalse();
                assertThat(published.get("submissions").asInt()).isEqualTo(SUBMISSIONS.length);

                Path reference = dir.resolve("reference-restarted");
                List<String> args = new ArrayList<>(List.of("process", "--out", reference.toString()));
                args.addAll(files);
                assertThat(ConcordCli.run(args.toArray(String[]::new))).isZero();
                assertThat(margin(second)).isEqualTo(ServeMarginTest.firmPart(reference, MERIDIAN));
            }
        }
    }

    private static JsonNode margin(ServeHarness gateway) throws Exception {
        ServeHarness.Reply r = gateway.get("/firms/" + MERIDIAN + "/margin?format=json", "k-meridian");
        assertThat(r.status()).as(new String(r.bytes())).isEqualTo(200);
        return r.body();
    }
}
