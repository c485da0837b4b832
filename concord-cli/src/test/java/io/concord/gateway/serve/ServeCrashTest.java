package io.concord.gateway.serve;

import io.concord.gateway.cli.ConcordCli;
import io.concord.ledger.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety with a real child process: {@code kill -9} the gateway while it is in the middle of a large inbox
 * file, start it again, and the outputs equal one clean run's, with the submission committed once and every
 * position of the input (100,000 keys: the book spills to disk) in the ledger.
 */
class ServeCrashTest {

    @TempDir
    Path dir;

    private static final String[] CUSIPS = {"037833100", "594918104", "67066G104"};
    private static final String[] SYMBOLS = {"AAPL", "MSFT", "NVDA"};

    private Path bigFeed(int rows) throws IOException {
        Path f = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            w.write("firm_lei,account,segregation_class,cusip,symbol,security_type,quantity,side,price,currency,as_of,location\n");
            for (int i = 0; i < rows; i++) {
                w.write("549300LARKSPURSEC059,C-" + (i % 5000) + ",SEC_15C3_3_CUST," + CUSIPS[i % 3] + ","
                        + SYMBOLS[i % 3] + ",CS," + (100 + i % 900) + "," + (i % 7 == 0 ? "SHORT" : "LONG")
                        + ",101.25,USD,2026-11-20,LOC-" + (i / 5000) + "\n");
            }
        }
        return f;
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void killedMidFileThenRestartedTheOutputsEqualOneCleanRun() throws Exception {
        Path feed = bigFeed(100_000);
        Path mappings = Path.of("mappings").toAbsolutePath();
        Path config = dir.resolve("serve.yaml");
        Files.writeString(config, "port: " + ServeHarness.freePort() + "\ninbox: inbox\nout: out\nmappings: " + mappings
                + "\nledgerUrl: jdbc:h2:file:" + dir.resolve("data/ledger") + "\n");

        ChildGateway first = new ChildGateway(dir, config, "1g");
        first.awaitLine("concord serve: http", 3);
        Path inboxFile = dir.resolve("inbox/sec-bd-positions/big.csv");
        Files.copy(feed, dir.resolve("inbox/.big.csv"));
        Files.move(dir.resolve("inbox/.big.csv"), inboxFile);
        Files.createFile(dir.resolve("inbox/sec-bd-positions/big.csv.ready"));
        first.awaitLine("taken sec-bd-positions/big.csv", 3);
        first.kill(); // SIGKILL: no shutdown hook runs

        assertThat(inboxFile).as("killed before the commit: the file is still in the inbox").exists();
        assertThat(dir.resolve("out/submissions")).doesNotExist();

        String committed;
        try (ChildGateway second = new ChildGateway(dir, config, "1g")) {
            committed = second.awaitLine("committed ", 5);
        }
        assertThat(committed).contains("ACCEPTED").contains("received=100000").contains("accepted=100000");

        Path reference = dir.resolve("reference");
        assertThat(ConcordCli.run("process", "--out", reference.toString(), "--mappings", mappings.toString(),
                feed.toString())).isZero(); // the same content under the same name as the inbox file
        String id;
        try (Stream<Path> s = Files.list(dir.resolve("out/submissions"))) {
            List<Path> subs = s.toList();
            assertThat(subs).hasSize(1);
            id = subs.get(0).getFileName().toString();
        }
        Path served = dir.resolve("out/submissions").resolve(id);
        // serve names the submitting principal in its ids (feed-hash-principal), process does not (feed-hash)
        String processId = id.substring(0, id.lastIndexOf('-'));
        for (String f : List.of("normalized/positions.jsonl", "exceptions.jsonl", "book/positions.jsonl")) {
            try (BufferedReader a = Files.newBufferedReader(served.resolve(f));
                 BufferedReader b = Files.newBufferedReader(reference.resolve(f))) {
                long n = 0;
                for (String line; (line = a.readLine()) != null; n++) {
                    assertThat(line.replace("\"" + id + "\"", "\"" + processId + "\"")).as(f + " line " + (n + 1)
                            + " equals a clean run's").isEqualTo(b.readLine());
                }
                assertThat(b.readLine()).as(f + " has no more lines than a clean run's").isNull();
            }
        }
        assertThat(Files.lines(served.resolve("normalized/positions.jsonl")).count()).isEqualTo(100_000);
        assertThat(dir.resolve("out/.work")).isEmptyDirectory();
        // two equally empty states are equal: the ledger holds what the input booked, counted from the input
        Ledger ledger = Ledger.open("jdbc:h2:file:" + dir.resolve("data/ledger"), "sa", "");
        assertThat(ledger.count("submission")).isEqualTo(1);
        assertThat(ledger.byId(id)).get().satisfies(row -> {
            assertThat(row.received()).isEqualTo(100_000);
            assertThat(row.accepted()).isEqualTo(100_000);
        });
        // every row is its own key (account, CUSIP and location together are distinct per row): as many keys as
        // rows, which is also the in-memory book's limit, so the submission's book spilled to disk
        assertThat(ledger.count("position_state")).isEqualTo(100_000);
        try (Stream<String> book = Files.lines(reference.resolve("book/positions.jsonl"))) {
            assertThat(book.count()).isEqualTo(100_000);
        }
        assertThat(ledger.positions("549300LARKSPURSEC059")).hasSize(100_000)
                .allSatisfy(p -> assertThat(p.lineage().submissionId()).isEqualTo(id));
    }
}
