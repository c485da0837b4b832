package io.concord.book;

import io.concord.TestMappings;
import io.concord.feed.FeedFormats;
import io.concord.feed.ParserTestSupport;
import io.concord.feed.RecordBatch;
import io.concord.feed.crif.CrifParser;
import io.concord.mapping.Normalizer;
import io.concord.model.Lineage;
import io.concord.model.Sensitivity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CRIF rows kept on disk ({@link StoredSensitivities}) stand exactly as {@link KeyedRows} keeps them in memory: the
 * same rows in the same order after any sequence of submissions, replacements and a superseded submission removed,
 * read back equal (amounts with their scale, nulls, lineage), grouped by portfolio as SIMM takes them, from several
 * threads at once; the file goes with {@link StoredSensitivities#close}.
 */
class StoredSensitivitiesTest {

    @TempDir
    Path dir;

    /** The shipped CRIF fixtures' rows (two firms, several portfolios, regulations, Schedule rows). */
    private static List<Sensitivity> fixtures() throws Exception {
        List<Sensitivity> out = new ArrayList<>();
        for (String f : List.of("fixtures/crif/crif-hudson-2026-11-20.csv", "fixtures/crif/crif-meridian-2026-11-20.tsv")) {
            Path p = Path.of(f);
            out.addAll(new Normalizer(TestMappings.SHIPPED).normalize(new RecordBatch(FeedFormats.describe(p,
                    new CrifParser().id()), 1, true, ParserTestSupport.parse(new CrifParser(), p))).sensitivities());
        }
        return out;
    }

    /** {@code s} as submission {@code id} sent it. */
    private static Sensitivity from(Sensitivity s, String id) {
        Lineage l = s.lineage();
        return new Sensitivity(s.firmLei(), s.account(), s.segregationClass(), s.tradeId(), s.imModel(),
                s.productClass(), s.riskType(), s.qualifier(), s.bucket(), s.label1(), s.label2(), s.amount(),
                s.amountCurrency(), s.amountUsd(), s.postRegulations(), s.collectRegulations(),
                new Lineage(l.feed(), l.file(), l.record(), l.location(), id, l.mappingId(), l.mappingVersion(),
                        l.mappingSet()));
    }

    @Test
    void rowsStandAsKeyedRowsKeepsThemAndReadBackEqual() throws Exception {
        List<Sensitivity> rows = fixtures();
        assertThat(rows).hasSizeGreaterThan(20);
        SplittableRandom rnd = new SplittableRandom(20261206L);
        for (int round = 0; round < 20; round++) {
            KeyedRows<Sensitivity> memory = KeyedRows.sensitivities();
            try (StoredSensitivities stored = new StoredSensitivities(dir.resolve("r" + round))) {
                List<String> submissions = new ArrayList<>();
                for (int sub = 0; sub < 6; sub++) {
                    String id = "crif-" + round + "-" + sub;
                    submissions.add(id);
                    List<Sensitivity> batch = new ArrayList<>();
                    int from = rnd.nextInt(rows.size());
                    int n = 1 + rnd.nextInt(rows.size());
                    for (int i = 0; i < n; i++) {
                        batch.add(from(rows.get((from + i) % rows.size()), id));
                    }
                    memory.addAll(batch);
                    stored.addAll(batch);
                    if (rnd.nextInt(4) == 0) {
                        String gone = submissions.get(rnd.nextInt(submissions.size()));
                        memory.removeSubmission(gone);
                        stored.removeSubmission(gone);
                    }
                }
                List<Sensitivity> expected = memory.rows();
                assertThat(stored.size()).isEqualTo(expected.size());
                assertThat(new ArrayList<>(stored.rows())).as("round %d", round).isEqualTo(expected);
                Map<String, List<Sensitivity>> byPortfolio = new LinkedHashMap<>();
                expected.forEach(s -> byPortfolio.computeIfAbsent(s.portfolioKey(), k -> new ArrayList<>()).add(s));
                Map<String, List<Sensitivity>> grouped = stored.rows().byPortfolio();
                assertThat(grouped.keySet()).containsExactlyElementsOf(byPortfolio.keySet());
                grouped.forEach((k, v) -> assertThat(new ArrayList<>(v)).isEqualTo(byPortfolio.get(k)));
            }
            assertThat(Files.list(dir.resolve("r" + round)).toList()).as("the file goes when closed").isEmpty();
        }
    }

    @Test
    void portfoliosAreReadOnSeveralThreadsAtOnce() throws Exception {
        List<Sensitivity> rows = fixtures();
        try (StoredSensitivities stored = new StoredSensitivities(dir)) {
            for (int i = 0; i < 200; i++) {
                List<Sensitivity> batch = new ArrayList<>();
                for (Sensitivity s : rows) {
                    batch.add(from(new Sensitivity(s.firmLei(), s.account() + "-" + i, s.segregationClass(),
                            s.tradeId(), s.imModel(), s.productClass(), s.riskType(), s.qualifier(), s.bucket(),
                            s.label1(), s.label2(), s.amount(), s.amountCurrency(), s.amountUsd(),
                            s.postRegulations(), s.collectRegulations(), s.lineage()), "crif-many"));
                }
                stored.addAll(batch);
            }
            Map<String, List<Sensitivity>> grouped = stored.rows().byPortfolio();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<CompletableFuture<Integer>> reads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                reads.add(CompletableFuture.supplyAsync(() -> {
                    int n = 0;
                    for (Map.Entry<String, List<Sensitivity>> e : grouped.entrySet()) {
                        for (Sensitivity s : e.getValue()) {
                            assertThat(s.portfolioKey()).isEqualTo(e.getKey());
                            n++;
                        }
                    }
                    return n;
                }, pool));
            }
            for (CompletableFuture<Integer> r : reads) {
                assertThat(r.get()).isEqualTo(200 * rows.size());
            }
            pool.shutdown();
        }
    }
}
