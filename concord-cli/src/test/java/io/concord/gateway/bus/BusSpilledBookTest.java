package io.concord.gateway.bus;

import io.concord.gateway.runtime.ConcordConfig;
import io.concord.book.SpillingBook;
import io.concord.feed.FeedFormats;
import io.concord.gateway.runtime.BusPipeline;
import io.concord.gateway.runtime.Gateway;
import io.concord.gateway.ProcessRun;
import io.concord.gateway.RunSummary;
import io.concord.mapping.MappingSet;
import io.concord.model.Position;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-process bus applies to its workers' state exactly the book the ingest's run booked, whether that book stayed
 * in memory or spilled to disk: with the limit set low on every fixture, and at a size above the default limit.
 */
class BusSpilledBookTest {

    @TempDir
    Path dir;

    /** Runs {@code inputs} through the bus with the ingest's book spilling at {@code limit} keys. */
    private void theWorkersHoldTheRunsBook(List<Path> inputs, int limit, int expectedAtLeast) throws Exception {
        MappingSet mappings = MappingSet.load(Path.of("mappings"));
        Path out = dir.resolve("ingest-" + limit);
        ProcessRun run = new ProcessRun(out, mappings, FeedFormats.standard(), null).bookInMemoryUpTo(limit);
        String url = "jdbc:h2:file:" + dir.resolve("state-" + limit);
        try (WorkerState state = WorkerState.open(url, "sa", "")) {
            RunSummary summary = BusPipeline.ingest(run, Gateway.expand(inputs), ConcordConfig.defaults(),
                    new BusWorker(state));
            assertThat(summary.internalErrors()).isEmpty();
            assertThat(summary.bookedPositions()).isGreaterThanOrEqualTo(expectedAtLeast);
            List<String> booked;
            try (Stream<String> lines = Files.lines(out.resolve("book/positions.jsonl"))) {
                booked = lines.map(l -> json(read(l))).sorted().toList();
            }
            List<String> applied = io.concord.ledger.Ledger.open(url, "sa", "").positions().stream().map(BusSpilledBookTest::json).sorted().toList();
            assertThat(applied).hasSize(summary.bookedPositions());
            assertThat(applied).isEqualTo(booked);
        }
    }

    private static Position read(String line) {
        try {
            return Json.MAPPER.readValue(line, Position.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String json(Position p) {
        try {
            return Json.MAPPER.writeValueAsString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyFixtureWithTheBookSpillingAtSevenKeys() throws Exception {
        theWorkersHoldTheRunsBook(List.of(Path.of("fixtures")), 7, 100);
    }

    @Test
    void aFileWithMoreKeysThanTheDefaultLimit() throws Exception {
        int rows = SpillingBook.DEFAULT_LIMIT + 50_000;
        Path feed = dir.resolve("positions-150k.csv");
        try (BufferedWriter w = Files.newBufferedWriter(feed)) {
            w.write("firm_lei,account,segregation_class,cusip,symbol,security_type,quantity,side,price,currency,as_of,location\n");
            for (int i = 0; i < rows; i++) {
                w.write("549300LARKSPURSEC059,B-" + i + ",SEC_15C3_3_CUST,037833100,AAPL,CS," + (100 + i % 900)
                        + ",LONG,101.25,USD,2026-11-20,DTC\n");
            }
        }
        theWorkersHoldTheRunsBook(List.of(feed), SpillingBook.DEFAULT_LIMIT, rows);
    }
}
