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
            assertThat(f.get("parseFloorRecordsPerSecond").asDouble()).as(feed).isPositive();
            assertThat(f.get("normalizerRecordsPerSecond").asDouble()).as(feed).isPositive();
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
        assertThat(report.get("targets")).hasSize(11);
        assertThat(report.get("targets").findValuesAsText("target"))
                .anyMatch(t -> t.startsWith("process of a 5-position file"))
                .anyMatch(t -> t.startsWith("the normalizer alone"))
                .anyMatch(t -> t.startsWith("whole job: process of 1,000 FIXML positions"))
                .anyMatch(t -> t.startsWith("margin workbooks >= 50,000 rows/s"));
        for (JsonNode t : report.get("targets")) {
            assertThat(t.get("measured").asText()).as(t.get("target").asText()).isNotBlank();
            assertThat(t.get("met").isBoolean()).as(t.get("target").asText()).isTrue();
        }
        assertThat(report.get("stages").findValuesAsText("stage")).contains("csv raw floor", "fixml raw floor",
                "  " + io.concord.gateway.StateOutputs.STAGE_MARGIN, "  margin workbooks");
    }

    @Test
    void scalingRunsEachSizeInItsOwnJvmAndJudgesConsecutiveSizes() throws Exception {
        Path json = tmp.resolve("scaling.json");
        int code = ConcordCli.run("bench", "--scaling", "--scaling-sizes", "2000,400", "--work",
                tmp.resolve("work").toString(), "--mappings", "mappings", "--json", json.toString());
        assertThat(code).isZero();
        JsonNode r = Json.MAPPER.readTree(json.toFile());
        JsonNode points = r.get("scaling");
        assertThat(points.findValuesAsText("positions")).as("sizes run ascending").containsExactly("400", "2000");
        assertThat(points.findValuesAsText("accounts")).containsExactly("4", "20");
        for (JsonNode p : points) {
            assertThat(p.has("failure")).as(p.toString()).isFalse();
            assertThat(p.get("seconds").asDouble()).isPositive();
            assertThat(p.get("workbookSeconds").asDouble()).isPositive().isLessThan(p.get("seconds").asDouble());
            assertThat(p.get("peakHeapMb").asDouble()).isPositive();
            // the heap kept after collections, from the child's collector notifications
            assertThat(p.get("collections").asLong()).as("a run of every output collects").isPositive();
            assertThat(p.get("afterGcHeapMb").asDouble()).isPositive().isLessThan(512);
            assertThat(p.get("fullCollections").asLong()).as("a full collection ends every stage").isGreaterThan(3);
            assertThat(p.get("afterFullGcHeapMb").asDouble()).isPositive()
                    .isLessThanOrEqualTo(p.get("afterGcHeapMb").asDouble());
            assertThat(p.get("microsPerRecord").asDouble()).isCloseTo(
                    p.get("seconds").asDouble() * 1e6 / p.get("positions").asDouble(),
                    org.assertj.core.data.Percentage.withPercentage(0.1));
        }
        assertThat(r.get("targets")).hasSize(2);
        assertThat(r.get("targets").findValuesAsText("target").get(0)).contains("400 to 2,000");
        assertThat(tmp.resolve("work/scaling/400")).as("each size's files are deleted once measured").doesNotExist();
    }

    @Test
    void scalingRefusesANonPositiveSize() {
        int code = ConcordCli.run("bench", "--scaling", "--scaling-sizes", "1000,0", "--work",
                tmp.resolve("work").toString(), "--mappings", "mappings");
        assertThat(code).isEqualTo(2);
    }

    @Test
    void theHeapAfterACollectionCountsTheHeapPoolsOnly() {
        // a collection's report covers every memory pool: metaspace and the code cache hold the code a run has
        // loaded and compiled, not what it keeps, so they are left out
        java.util.Set<String> heap = BenchChild.GcWatch.heapPools();
        assertThat(heap).isNotEmpty();
        java.util.Map<String, java.lang.management.MemoryUsage> report = new java.util.HashMap<>();
        long expected = 0;
        for (java.lang.management.MemoryPoolMXBean pool
                : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            java.lang.management.MemoryUsage u = new java.lang.management.MemoryUsage(0, 1_000_000, 2_000_000, -1);
            report.put(pool.getName(), u);
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                expected += 1_000_000;
            } else {
                assertThat(heap).doesNotContain(pool.getName());
            }
        }
        assertThat(report.keySet()).as("this JVM has non-heap pools (metaspace, code cache)").hasSizeGreaterThan(
                heap.size());
        assertThat(BenchChild.GcWatch.heapUsed(report)).isEqualTo(expected).isEqualTo(heap.size() * 1_000_000L);
    }
}
