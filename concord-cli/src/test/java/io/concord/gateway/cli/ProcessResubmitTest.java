package io.concord.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code process --resubmit}: a later input with the content of an earlier one is processed again as the submission
 * that supersedes it, and the state it leaves (book, collateral, margin) is that of the content once; without the
 * option it is skipped as a duplicate.
 */
class ProcessResubmitTest {

    @TempDir
    Path tmp;

    private static final String POSITIONS = "fixtures/sec/positions-hudson-2026-11-20.csv";
    private static final String COLLATERAL = "fixtures/collateral/collateral-hudson-2026-11-20.xlsx";

    private Path copies() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in.resolve("again"));
        for (String f : new String[] {POSITIONS, COLLATERAL}) {
            Path p = Path.of(f);
            Files.copy(p, in.resolve(p.getFileName()));
            Files.copy(p, in.resolve("again").resolve(p.getFileName()));
        }
        return in;
    }

    private static JsonNode summary(Path out) throws Exception {
        return Json.MAPPER.readTree(out.resolve("summary.json").toFile());
    }

    @Test
    void aLaterCopySupersedesTheEarlierAndTheStateCountsItsContentOnce() throws Exception {
        Path in = copies();
        Path once = tmp.resolve("once");
        Path skipped = tmp.resolve("skipped");
        Path resubmitted = tmp.resolve("resubmitted");
        assertThat(CliRun.of("process", "--out", once.toString(), POSITIONS, COLLATERAL).code()).isZero();
        assertThat(CliRun.of("process", "--out", skipped.toString(), in.toString()).code()).isZero();
        CliRun r = CliRun.of("process", "--resubmit", "--out", resubmitted.toString(), in.toString());
        assertThat(r.code()).as(r.err()).isZero();

        assertThat(summary(skipped).get("files").asInt()).isEqualTo(2);
        assertThat(summary(skipped).get("duplicates").asInt()).isEqualTo(2);
        JsonNode s = summary(resubmitted);
        assertThat(s.get("files").asInt()).isEqualTo(4);
        assertThat(s.get("duplicates").asInt()).isZero();
        assertThat(s.get("acks").fieldNames()).toIterable().hasSize(4)
                .anySatisfy(id -> assertThat(id).endsWith("-r2").startsWith("sec-bd-positions-"))
                .anySatisfy(id -> assertThat(id).endsWith("-r2").startsWith("collateral-xlsx-"));

        // the superseding copy's records replace the earlier's: the content counts once
        assertThat(Files.readAllLines(resubmitted.resolve("book/positions.jsonl")))
                .hasSameSizeAs(Files.readAllLines(once.resolve("book/positions.jsonl")))
                .allSatisfy(line -> assertThat(Json.MAPPER.readTree(line).get("lineage").get("submissionId").asText())
                        .endsWith("-r2"));
        JsonNode marginOnce = Json.MAPPER.readTree(once.resolve("margin/summary.json").toFile());
        JsonNode marginResubmitted = Json.MAPPER.readTree(resubmitted.resolve("margin/summary.json").toFile());
        assertThat(marginResubmitted.toString().replaceAll("\"computedAt\":\"[^\"]*\"", ""))
                .isEqualTo(marginOnce.toString().replaceAll("\"computedAt\":\"[^\"]*\"", ""));
    }
}
