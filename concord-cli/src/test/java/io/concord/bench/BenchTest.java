package io.concord.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.gateway.cli.ConcordCli;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A small benchmark run through the CLI: every figure is there and sane. No timing is asserted. */
class BenchTest {

    @TempDir
    Path tmp;

    @Test
    void aSmallRunWritesEveryFigureOfTheJsonAndReconciles() throws Exception {
        Path json = tmp.resolve("bench.json");
        int code = ConcordCli.run("bench", "--positions", "1000", "--accounts", "10", "--crif-rows", "500",
                "--work", tmp.resolve("work").toString(), "--mappings", "mappings", "--json", json.toString());
        assertThat(code).isZero();
        JsonNode r = Json.MAPPER.readTree(json.toFile());
        for (String feed : new String[] {"csv", "fixml"}) {
            JsonNode f = r.get(feed);
            assertThat(f.get("recordsPerSecond").asDouble()).as(feed).isPositive();
            assertThat(f.get("floorRecordsPerSecond").asDouble()).as(feed).isPositive();
            assertThat(f.get("ratio").asDouble()).as(feed).isPositive();
            assertThat(f.has("failure")).as(feed).isFalse();
            assertThat(f.get("records").asLong()).as(feed).isEqualTo(1000);
        }
        assertThat(r.get("marginAccountsPerSecond").asDouble()).isPositive();
        assertThat(r.get("simmRowsPerSecond").asDouble()).isPositive();
        assertThat(r.get("simmStartupSeconds").asDouble()).isPositive();
        assertThat(r.get("simmPortfoliosPerSecond").asDouble()).isPositive();
        assertThat(r.get("report").get("simmCommand").get("batchPortfolios").asInt()).isEqualTo(5);
        assertThat(r.get("peakHeapMb").asDouble()).isPositive();
        JsonNode report = r.get("report");
        assertThat(report.get("csv").get("accepted").asLong()).as("every generated record maps").isEqualTo(1000);
        assertThat(report.get("fixml").get("rejected").asLong()).isZero();
        assertThat(report.get("targets")).hasSize(6);
        assertThat(report.get("stages").findValuesAsText("stage")).contains("csv raw floor", "fixml raw floor",
                "  " + io.concord.gateway.StateOutputs.STAGE_MARGIN, "  margin workbooks");
    }
}
