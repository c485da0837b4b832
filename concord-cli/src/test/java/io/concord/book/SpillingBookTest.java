package io.concord.book;

import io.concord.TestMappings;
import io.concord.feed.FeedFormats;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceFile;
import io.concord.feed.SourcePosition;
import io.concord.feed.fixml.PosRptParser;
import io.concord.mapping.Normalizer;
import io.concord.model.Position;
import io.concord.model.ReportAction;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The book written to disk in sorted runs gives the same final positions as the in-memory book, whatever the
 * limit: the overwrite rule (NEW replaces, CHANGE overlays) holds across runs.
 */
class SpillingBookTest {

    private final Normalizer normalizer = new Normalizer(TestMappings.SHIPPED);

    @TempDir
    Path tmp;

    private List<Position> read(String file) throws Exception {
        Path p = Path.of(file);
        SourceFile src = FeedFormats.describe(p, PosRptParser.ID);
        try (RecordStream s = new PosRptParser().open(Files.newInputStream(p), src)) {
            List<Position> out = new ArrayList<>();
            s.forEachRemaining(i -> out.add(normalizer.normalize((SourcePosition) i).position()));
            return out;
        }
    }

    /** The final book as JSON lines in account order (quantities are arrays: compared by their JSON). */
    private static List<String> json(AccountBook book) {
        List<String> out = new ArrayList<>();
        book.forEachAccount(ps -> ps.forEach(p -> {
            try {
                out.add(Json.MAPPER.writeValueAsString(p));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        return out;
    }

    private static AccountBook inMemory(List<Position> reports) {
        PositionBook book = new PositionBook();
        reports.forEach(book::apply);
        return AccountBook.of(book.positions());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 100})
    void theMeridianEndOfDayAndAmendmentGiveTheSameBookAtAnyLimit(int limit) throws Exception {
        List<Position> reports = new ArrayList<>(read("fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml"));
        reports.addAll(read("fixtures/cftc/posrpt-meridian-2026-11-20-2-amend.xml"));
        try (SpillingBook book = new SpillingBook(tmp.resolve("runs"), limit)) {
            reports.forEach(book::apply);
            assertThat(json(book)).isEqualTo(json(inMemory(reports))).hasSize(3);
            // runs of half the limit (one written while the next fills: the limit holds both), the rest written
            // when read; a book that never held half the limit stays in memory
            int runKeys = Math.max(1, limit / 2);
            assertThat(reports.size()).isLessThan(50);
            assertThat(book.runs()).as("a run per half limit reached, the rest written when read")
                    .isEqualTo(limit == 100 ? 0 : (int) Math.ceil(reports.size() / (double) runKeys));
        }
    }

    /**
     * The Meridian positions as templates, re-reported over 40 accounts with random actions, quantity types and
     * prices: a key's NEW and CHANGEs fall into different runs, and some keys start with a CHANGE.
     */
    private List<Position> randomReports(int count, long seed) throws Exception {
        List<Position> templates = read("fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml");
        Random random = new Random(seed);
        List<Position> reports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Position t = templates.get(random.nextInt(templates.size()));
            Map<String, BigDecimal[]> q = new LinkedHashMap<>();
            for (String type : List.of("FIN", "SOD", "EP")) {
                if (random.nextInt(3) > 0) {
                    q.put(type, new BigDecimal[] {BigDecimal.valueOf(random.nextInt(50)),
                            BigDecimal.valueOf(random.nextInt(50))});
                }
            }
            BigDecimal[] fin = q.getOrDefault("FIN", new BigDecimal[] {t.longQty(), t.shortQty()});
            reports.add(new Position(t.firmLei(), "M-" + random.nextInt(40), t.segregationClass(), t.product(), fin[0],
                    fin[1], q, random.nextBoolean() ? null : BigDecimal.valueOf(random.nextInt(10_000), 2),
                    t.marketValue(), t.asOf(), t.location(),
                    random.nextInt(3) == 0 ? ReportAction.NEW : ReportAction.CHANGE, t.lineage()));
        }
        return reports;
    }

    @Test
    void newAndChangeReportsInAnyOrderAcrossManyRunsGiveTheInMemoryBook() throws Exception {
        List<Position> reports = randomReports(3000, 20261120);
        Path runs = tmp.resolve("runs");
        try (SpillingBook book = new SpillingBook(runs, 97)) {
            reports.forEach(book::apply);
            List<String> expected = json(inMemory(reports));
            assertThat(json(book)).isEqualTo(expected);
            assertThat(json(book)).as("read twice").isEqualTo(expected);
            assertThat(book.runs()).as("keys reach the limit again and again").isGreaterThan(10);
        }
        assertThat(runs).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 7})
    void moreRunsThanOneMergeReadsAreMergedEarliestFirstIntoTheSameBook(int fanIn) throws Exception {
        // 3,000 reports in runs of 4 keys: hundreds of runs, far past the fan-in, so the earliest runs are merged
        // into runs of their own (again and again) before the book is read
        List<Position> reports = randomReports(3000, 20261120);
        Path runs = tmp.resolve("runs");
        try (SpillingBook book = new SpillingBook(runs, 9, fanIn)) {
            reports.forEach(book::apply);
            int written = book.runs();
            assertThat(written).as("runs written while applying").isGreaterThan(100);
            List<String> expected = json(inMemory(reports));
            assertThat(json(book)).isEqualTo(expected);
            assertThat(book.runs()).as("runs left once read: at most one merge's").isLessThanOrEqualTo(fanIn)
                    .isGreaterThan(1);
            try (var files = Files.list(runs)) {
                assertThat(files.count()).as("the merged runs deleted").isEqualTo(book.runs());
            }
            assertThat(json(book)).as("read twice").isEqualTo(expected);
            // reports applied after a read go on from the merged runs, in arrival order
            List<Position> more = randomReports(100, 20261207);
            more.forEach(book::apply);
            List<Position> all = new ArrayList<>(reports);
            all.addAll(more);
            assertThat(json(book)).isEqualTo(json(inMemory(all)));
        }
        assertThat(runs).doesNotExist();
    }
}
