package io.concord.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI end to end on the shipped fixtures: outputs, reconciliation, and usage errors. */
class ConcordCliTest {

    @TempDir
    Path tmp;

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(Json.MAPPER.readTree(l));
        }
        return out;
    }

    @Test
    void processOnTheFixturesPutsEveryRecordInPositionsOrExceptionsAndAcksReconcile() throws IOException {
        CliRun r = cli("process", "--out", tmp.toString(), "fixtures");
        assertThat(r.code()).as(r.err()).isEqualTo(ProcessCommand.EXIT_REJECTED); // fixtures/bad/ is rejected

        List<JsonNode> positions = lines(tmp.resolve("normalized/positions.jsonl"));
        // every normalized output counts as accepted: positions, collateral lines and sensitivities
        List<JsonNode> normalized = new java.util.ArrayList<>(positions);
        normalized.addAll(lines(tmp.resolve("normalized/collateral.jsonl")));
        normalized.addAll(lines(tmp.resolve("normalized/sensitivities.jsonl")));
        List<JsonNode> exceptions = lines(tmp.resolve("exceptions.jsonl"));
        Map<String, Set<Long>> accepted = new HashMap<>();
        Map<String, Set<Long>> rejected = new HashMap<>();
        for (JsonNode p : positions) {
            assertThat(p.get("lineage").get("mappingId").asText()).isNotBlank();
        }
        for (JsonNode p : normalized) {
            JsonNode l = p.get("lineage");
            assertThat(accepted.computeIfAbsent(l.get("submissionId").asText(), k -> new HashSet<>())
                    .add(l.get("record").asLong())).as("a record is accepted once").isTrue();
        }
        for (JsonNode e : exceptions) {
            assertThat(e.get("reason").asText()).isNotBlank();
            assertThat(e.get("location").asText()).isNotBlank();
            assertThat(rejected.computeIfAbsent(e.get("submissionId").asText(), k -> new HashSet<>())
                    .add(e.get("record").asLong())).as("a record is rejected once").isTrue();
        }

        List<Path> acks;
        try (Stream<Path> s = Files.list(tmp.resolve("acks"))) {
            acks = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        }
        long fixtureFiles;
        try (Stream<Path> s = Files.walk(Path.of("fixtures"))) {
            fixtureFiles = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("README")
                    && !p.getFileName().toString().startsWith("SOURCES")).count();
        }
        assertThat(acks).hasSize((int) fixtureFiles);
        for (Path a : acks) {
            JsonNode ack = Json.MAPPER.readTree(a.toFile());
            String id = ack.get("submissionId").asText();
            Set<Long> ok = accepted.getOrDefault(id, Set.of());
            Set<Long> bad = rejected.getOrDefault(id, Set.of());
            assertThat(ack.get("received").asLong()).isEqualTo(ack.get("accepted").asLong() + ack.get("rejected").asLong());
            assertThat(ok).as("accepted records of " + id).hasSize(ack.get("accepted").asInt());
            assertThat(bad).as("rejected records of " + id).hasSize(ack.get("rejected").asInt());
            assertThat(java.util.Collections.disjoint(ok, bad)).as("never both").isTrue();
            Set<Long> all = new HashSet<>(ok);
            all.addAll(bad);
            all.remove(0L); // a whole-file failure
            long max = all.stream().mapToLong(Long::longValue).max().orElse(0);
            assertThat(all).as("never neither: records 1.." + max + " of " + id).hasSize((int) max);
        }

        JsonNode summary = Json.MAPPER.readTree(tmp.resolve("summary.json").toFile());
        assertThat(summary.get("accepted").asLong()).isEqualTo(normalized.size());
        assertThat(summary.get("rejected").asLong()).isEqualTo(exceptions.size());
        assertThat(summary.get("mappingsVersion").asText()).startsWith("sha256:");
        assertThat(lines(tmp.resolve("book/positions.jsonl"))).hasSizeLessThan(positions.size());
    }

    @Test
    void processRejectsTheBadFixturesForTheRightReasons() throws IOException {
        CliRun r = cli("process", "--out", tmp.toString(), "fixtures/bad");
        assertThat(r.code()).isEqualTo(ProcessCommand.EXIT_REJECTED);
        List<String> reasons = lines(tmp.resolve("exceptions.jsonl")).stream().map(e -> e.get("reason").asText())
                .toList();
        assertThat(reasons).contains("DTD_REFUSED", "MALFORMED_FILE", "INVALID_CUSIP", "INVALID_NUMBER",
                "MISSING_COLUMN", "INVALID_LEI", "MULTIPLIER_MISMATCH");
    }

    @Test
    void demoProcessesTheFixturesAndPrintsWhereOutputsAre() {
        CliRun r = cli("demo", "--out", tmp.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("accepted").contains("rejected").contains("positions.jsonl")
                .contains("exceptions.jsonl");
        assertThat(tmp.resolve("normalized/positions.jsonl")).isNotEmptyFile();
    }

    @Test
    void theSameContentTwiceInOneRunIsProcessedOnce() throws IOException {
        Path a = Files.copy(Path.of("fixtures/sec/positions-hudson-2026-11-20.csv"), tmp.resolve("a.csv"));
        Files.copy(a, tmp.resolve("b.csv"));
        CliRun r = cli("process", "--out", tmp.resolve("out").toString(), a.toString(), tmp.resolve("b.csv").toString());
        assertThat(r.out()).contains("1 duplicate skipped");
        assertThat(lines(tmp.resolve("out/normalized/positions.jsonl"))).hasSize(5);
    }

    @Test
    void usageErrorsExitTwoWithOneLineAndNoStackTrace() {
        for (String[] args : List.of(new String[] {"frobnicate"}, new String[] {"process", "--bogus"},
                new String[] {"process", "--out", "x", "--feed", "nope", "fixtures"}, new String[0])) {
            CliRun r = cli(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            // one line, and picocli's closest matches on a second when it has any
            List<String> err = r.err().strip().lines().toList();
            assertThat(err).as(r.err()).hasSizeBetween(1, 2);
            if (err.size() == 2) {
                assertThat(err.get(1)).startsWith("Did you mean");
            }
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aMistypedCommandGetsTheClosestCommands() {
        CliRun serve = cli("serv");
        assertThat(serve.code()).isEqualTo(2);
        assertThat(serve.err()).contains("'serv'").contains("Did you mean: concord serve?");
        CliRun coverage = cli("mappings", "covrage");
        assertThat(coverage.code()).isEqualTo(2);
        assertThat(coverage.err()).contains("Did you mean: mappings coverage?");
    }

    @Test
    void pastTheListedInputsTheRestAreCountedWithTheNotAcceptedFirst() {
        List<io.concord.gateway.RunSummary.Input> inputs = new ArrayList<>();
        for (int i = 0; i < ProcessCommand.LISTED_INPUTS + 5; i++) {
            inputs.add(new io.concord.gateway.RunSummary.Input("sec-bd-positions-" + i, "sec-bd-positions",
                    String.format("f%04d.csv", i), "ACCEPTED", 3, 3, 0, Map.of(), null));
        }
        inputs.add(new io.concord.gateway.RunSummary.Input("crif-x", "crif", "z-last.csv", "REJECTED", 1, 0, 1,
                Map.of("MISSING_COLUMN", 1L), "MISSING_COLUMN at line 1 (header): required column(s) missing"));
        java.io.StringWriter text = new java.io.StringWriter();
        ProcessCommand.printInputs(inputs, new java.io.PrintWriter(text));
        List<String> lines = text.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("inputs:");
        assertThat(lines.get(1)).as("the rejected file first, though its name sorts last")
                .contains("REJECTED").contains("z-last.csv: 0 of 1 records accepted; rejected MISSING_COLUMN 1");
        assertThat(lines.get(2).strip()).startsWith("first: MISSING_COLUMN at line 1");
        assertThat(lines.stream().filter(l -> l.contains("ACCEPTED"))).hasSize(ProcessCommand.LISTED_INPUTS - 1);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("  ... and 6 more accepted or rejected files (see acks/)");
    }

    @Test
    void processListsEveryInputWithItsStatusCountsAndWhyItWasRejected() throws IOException {
        CliRun r = cli("process", "--out", tmp.toString(), "fixtures/bad", "fixtures/sec");
        assertThat(r.code()).isEqualTo(ProcessCommand.EXIT_REJECTED);
        List<String> out = r.out().lines().toList();
        List<JsonNode> acks;
        try (var files = Files.list(tmp.resolve("acks"))) {
            acks = files.filter(f -> f.toString().endsWith(".json")).map(f -> {
                try {
                    return Json.MAPPER.readTree(f.toFile());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(acks).hasSizeGreaterThan(10);
        for (JsonNode ack : acks) {
            // e.g. "  PARTIAL  sec-bd-positions  bd-bad-rows.csv: 1 of 6 records accepted; rejected ..."
            String line = out.stream().filter(l -> l.contains(" " + ack.get("file").asText() + ": ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for " + ack.get("file") + " in\n" + r.out()));
            assertThat(line.strip()).startsWith(ack.get("status").asText() + " ");
            assertThat(line).contains(ack.get("feed").asText())
                    .contains(ack.get("accepted").asLong() + " of " + ack.get("received").asLong() + " records");
            int at = out.indexOf(line);
            if (ack.get("rejected").asLong() > 0) {
                JsonNode first = ack.get("rejections").get(0);
                assertThat(line).contains("rejected " ).contains(first.get("reason").asText());
                assertThat(out.get(at + 1).strip()).as("the first rejection, with its location")
                        .startsWith("first: " + first.get("reason").asText());
            } else {
                assertThat(line).doesNotContain("rejected");
            }
        }
        assertThat(out.indexOf("outputs:")).as("inputs before outputs").isGreaterThan(out.indexOf("inputs:"));
    }

    @Test
    void aRunThatCannotStartExitsOneWithOneLine() {
        CliRun r = cli("process", "--out", tmp.toString(), "no/such/folder");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no/such/folder").doesNotContain("\tat ");
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : List.of("demo", "process")) {
            CliRun r = cli(c, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("Usage: concord " + c);
        }
    }
}
