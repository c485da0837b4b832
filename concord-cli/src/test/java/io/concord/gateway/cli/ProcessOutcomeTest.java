package io.concord.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a scheduler sees of a {@code process} run (issue 16): an exit code per outcome, and an output folder that
 * holds exactly one run.
 */
class ProcessOutcomeTest {

    static final String HUDSON = "fixtures/sec/positions-hudson-2026-11-20.csv";
    static final String LARKSPUR = "fixtures/sec/positions-larkspur-2026-11-20.csv";

    @TempDir
    Path tmp;

    @Test
    void everyFileAcceptedWholeExitsZero() {
        CliRun r = CliRun.of("process", "--out", tmp.resolve("out").toString(), HUDSON);
        assertThat(r.code()).as(r.err()).isEqualTo(ProcessCommand.EXIT_ACCEPTED).isZero();
        assertThat(r.out()).contains("exit 0: every file was accepted whole");
    }

    @Test
    void someRecordsRejectedExitsThree() {
        // the Larkspur file's iShares Russell 2000 ETF maps to no definition: one record rejected, the rest booked
        CliRun r = CliRun.of("process", "--out", tmp.resolve("out").toString(), HUDSON, LARKSPUR);
        assertThat(r.code()).as(r.err()).isEqualTo(ProcessCommand.EXIT_REJECTED).isEqualTo(3);
        assertThat(r.out()).contains("exit 3: 1 records rejected in 1 of 2 files");
    }

    @Test
    void nothingAcceptedExitsFour() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(Path.of("fixtures/bad/bd-missing-column.csv"), in.resolve("bd-missing-column.csv"));
        Files.copy(Path.of("fixtures/bad/sbsr-missing-column.csv"), in.resolve("sbsr-missing-column.csv"));
        CliRun r = CliRun.of("process", "--out", tmp.resolve("out").toString(), in.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ProcessCommand.EXIT_NOTHING_ACCEPTED).isEqualTo(4);
        JsonNode summary = Json.MAPPER.readTree(tmp.resolve("out/summary.json").toFile());
        assertThat(summary.get("accepted").asLong()).isZero();
        assertThat(summary.get("rejected").asLong()).isPositive();
    }

    @Test
    void aFolderWithNoFeedFileExitsFourAndLeavesOutAsItWas() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("README.md"), "not a feed\n");
        Files.writeString(in.resolve(".hidden.csv"), "not a feed either\n");
        CliRun r = CliRun.of("process", "--out", tmp.resolve("out").toString(), in.toString());
        assertThat(r.code()).isEqualTo(ProcessCommand.EXIT_NOTHING_ACCEPTED);
        assertThat(r.err()).contains("no feed file found");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aNonEmptyOutIsRefusedWithoutReplaceAndReplacedWholeWithIt() throws IOException {
        Path out = tmp.resolve("out");
        assertThat(CliRun.of("process", "--out", out.toString(), HUDSON).code()).isZero();
        List<Path> firstAcks = listing(out.resolve("acks"));
        assertThat(firstAcks).hasSize(2); // the Hudson file's ack as JSON and XML

        CliRun again = CliRun.of("process", "--out", out.toString(), LARKSPUR);
        assertThat(again.code()).isEqualTo(ProcessCommand.EXIT_USAGE);
        assertThat(again.err()).contains("is not empty").contains("--replace");
        assertThat(listing(out.resolve("acks"))).as("untouched").isEqualTo(firstAcks);

        CliRun replaced = CliRun.of("process", "--replace", "--out", out.toString(), LARKSPUR);
        assertThat(replaced.code()).as(replaced.err()).isEqualTo(ProcessCommand.EXIT_REJECTED);
        List<Path> acks = listing(out.resolve("acks"));
        assertThat(acks).hasSize(2).doesNotContainAnyElementsOf(firstAcks);
        assertThat(acks).allSatisfy(a -> assertThat(a.getFileName().toString()).startsWith("sec-bd-positions-"));
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("files").asInt()).isEqualTo(1);
        assertThat(summary.get("outputs").get("book").asText()).isEqualTo(out.resolve("book/positions.jsonl")
                .toAbsolutePath().toString());
        assertThat(Files.readAllLines(out.resolve("exceptions.jsonl"))).hasSize(1);
        assertThat(out.resolve("reports/549300HUDSONCLR0RG39")).as("the first run's firm").doesNotExist();
        assertThat(listing(tmp)).as("no work folder left beside it").containsExactly(out);
    }

    @Test
    void demoExitsZeroAndSaysWhyThoughItsBadFixturesAreRejected() {
        Path out = tmp.resolve("demo");
        for (int run = 0; run < 2; run++) { // the demo replaces its own folder
            CliRun r = CliRun.of("demo", "--out", out.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("exit 0: the rejections are on purpose")
                    .contains("would say: exit 3:");
        }
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
