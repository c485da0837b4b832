package io.concord.gateway.serve;

import io.concord.gateway.ProcessRun;
import io.concord.gateway.bus.BusPublisher;
import io.concord.gateway.bus.BusRecord;
import io.concord.gateway.cli.ConcordCli;
import io.concord.mapping.NormalizedBatch;
import io.concord.model.Lineage;
import io.concord.model.Position;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's outbox reads a stored submission back from its normalized files and publishes it in batches of
 * {@value Outbox#BATCH} records or a little more: a source record that gave several records (an N-PORT holding, a
 * FIXML report with several quantity types) is never split between two batches, so the bus identities (numbered
 * within a batch: {@code :17}, {@code :17/2}) are those of the whole submission, however it is cut.
 */
class OutboxTest {

    @TempDir
    Path dir;

    /** A stored submission of {@code records} source records giving three positions each. */
    private Path storedSubmission(String id, int records) throws Exception {
        Path reference = dir.resolve("reference");
        assertThat(ConcordCli.run("process", "--out", reference.toString(), ServeMarginTest.EOD)).isZero();
        Position base = Json.MAPPER.readValue(Files.readAllLines(reference.resolve(ProcessRun.NORMALIZED_POSITIONS))
                .get(0), Position.class);
        Path folder = dir.resolve("submissions").resolve(id);
        Files.createDirectories(folder.resolve(ProcessRun.NORMALIZED_POSITIONS).getParent());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < records * 3; i++) {
            lines.add(Json.MAPPER.writeValueAsString(position(base, "O-" + i, i / 3 + 1, id, 100 + i)));
        }
        Files.write(folder.resolve(ProcessRun.NORMALIZED_POSITIONS), lines);
        Files.writeString(folder.resolve(ProcessRun.NORMALIZED_COLLATERAL), "");
        Files.writeString(folder.resolve(ProcessRun.NORMALIZED_SENSITIVITIES), "");
        return folder.resolve(ProcessRun.NORMALIZED_POSITIONS);
    }

    private static Position position(Position p, String account, long record, String submission, long qty) {
        Lineage l = p.lineage();
        return new Position(p.firmLei(), account, p.segregationClass(), p.product(), BigDecimal.valueOf(qty),
                BigDecimal.ZERO, Map.of("FIN", new BigDecimal[] {BigDecimal.valueOf(qty), BigDecimal.ZERO}),
                p.price(), p.marketValue(), p.asOf(), p.location(), p.action(),
                new Lineage(l.feed(), l.file(), record, l.location(), submission, l.mappingId(), l.mappingVersion(),
                        l.mappingSet()));
    }

    @Test
    void aSubmissionPastTheBatchIsPublishedWholeInBatchesOfWholeSourceRecords() throws Exception {
        // 1,001 source records of 3 positions: a batch reaches 1,000 in the middle of record 334
        Path file = storedSubmission("posrpt-outbox-0001", 1_001);
        List<NormalizedBatch> batches = new ArrayList<>();
        new Outbox(dir.resolve("submissions"), batches::add).publish("posrpt-outbox-0001");

        List<Position> all = new ArrayList<>();
        batches.forEach(b -> all.addAll(b.positions()));
        List<String> stored = Files.readAllLines(file);
        assertThat(all.stream().map(OutboxTest::json).toList()).as("every record, in the file's order")
                .containsExactlyElementsOf(stored);
        assertThat(batches).hasSizeGreaterThanOrEqualTo(3);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < batches.size(); i++) {
            List<Position> ps = batches.get(i).positions();
            if (i < batches.size() - 1) {
                assertThat(ps).as("batch %d", i).hasSizeGreaterThanOrEqualTo(Outbox.BATCH);
            }
            Set<Long> records = new HashSet<>();
            ps.forEach(p -> records.add(p.lineage().record()));
            for (Long record : records) {
                assertThat(seen.add(record)).as("record %d only in batch %d", record, i).isTrue();
            }
        }
        assertThat(batches.get(0).positions()).as("record 334 kept whole").hasSize(1_002);

        // the identities of the batches are those of the whole submission published as one batch
        BusPublisher publisher = new BusPublisher();
        List<String> ids = new ArrayList<>();
        batches.forEach(b -> publisher.positions(b).forEach(r -> ids.add(r.id())));
        List<String> whole = publisher.positions(new NormalizedBatch(null, 0, true, all, List.of(), List.of(),
                List.of())).stream().map(BusRecord::id).toList();
        assertThat(ids).doesNotHaveDuplicates().containsExactlyElementsOf(whole);
    }

    @Test
    void aPublishThatFailsIsTriedAgainWithTheSameRecords() throws Exception {
        storedSubmission("posrpt-outbox-0002", 700);
        AtomicInteger calls = new AtomicInteger();
        List<NormalizedBatch> published = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        try (Outbox outbox = new Outbox(dir.resolve("submissions"), batch -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("broker unreachable"); // the second batch of the first try
            }
            published.add(batch);
            if (published.stream().mapToInt(b -> b.positions().size()).sum() == 700 * 3 + 1_002) {
                done.countDown(); // the first batch of the first try, then the whole submission again
            }
        })) {
            outbox.enqueueUnapplied(io.concord.ledger.Ledger.open("jdbc:h2:mem:outbox-" + System.nanoTime()
                    + ";DB_CLOSE_DELAY=-1", "sa", "")); // opens it: nothing unapplied in an empty ledger
            outbox.enqueue("posrpt-outbox-0002");
            assertThat(done.await(30, TimeUnit.SECONDS)).as("published after the failure").isTrue();
        }
        List<String> first = published.get(0).positions().stream().map(OutboxTest::json).toList();
        List<String> again = published.get(1).positions().stream().map(OutboxTest::json).toList();
        assertThat(again).as("the try after the failure starts again from the first record").isEqualTo(first);
        assertThat(published).hasSize(4); // 1,002 + 1,002 + 98 records on the second try
    }

    private static String json(Position p) {
        try {
            return Json.MAPPER.writeValueAsString(p);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
