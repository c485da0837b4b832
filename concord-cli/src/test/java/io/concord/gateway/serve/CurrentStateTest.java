package io.concord.gateway.serve;

import io.concord.TestMappings;
import io.concord.bench.FeedGenerator;
import io.concord.feed.FeedFormats;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceFile;
import io.concord.feed.SourcePosition;
import io.concord.feed.SourceSensitivity;
import io.concord.feed.crif.CrifParser;
import io.concord.feed.fixml.PosRptParser;
import io.concord.gateway.StateOutputs;
import io.concord.ledger.Ledger;
import io.concord.mapping.MappingSet;
import io.concord.mapping.Normalizer;
import io.concord.model.Ack;
import io.concord.model.Position;
import io.concord.model.Sensitivity;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The current state reads the stored positions one account at a time in the ledger's account order (or, when it
 * sorts them itself, streams them into a book that spills sorted runs to disk: here with a limit far below the
 * state's size, many runs across firms); either way its outputs are byte for byte those of the whole book held in
 * memory and sorted, as the state was computed before.
 */
class CurrentStateTest {

    @TempDir
    Path tmp;

    @org.junit.jupiter.params.ParameterizedTest(name = "sorted in a spilling book: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aStateReadInLedgerOrderOrSpilledToDiskWritesTheSameOutputsAsTheWholeBookInMemory(boolean sortItself)
            throws Exception {
        Ledger ledger = Ledger.open("jdbc:h2:file:" + tmp.resolve("ledger") + ";DB_CLOSE_DELAY=0", "sa", "");
        Path generated = tmp.resolve("posrpt-generated.xml");
        new FeedGenerator(11).fixmlPositions(generated, 700, 40);
        commit(ledger, generated.toString(), "bench");
        commit(ledger, "fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml", "meridian");
        assertThat(ledger.count("position_state")).isGreaterThan(10 * 50);
        // CRIF portfolios of two firms: the recomputation keeps them on disk and SIMM reads them back
        commitCrif(ledger, "fixtures/crif/crif-hudson-2026-11-20.csv", "hudson");
        commitCrif(ledger, "fixtures/crif/crif-meridian-2026-11-20.tsv", "meridian");
        assertThat(ledger.count("sensitivity_state")).isGreaterThan(20);

        MappingSet set = TestMappings.SHIPPED;
        StateOutputs.Engines engines = StateOutputs.Engines.load(Path.of("mappings"), set);
        CurrentState.Margining margining = new CurrentState.Margining() {
            @Override
            public MappingSet mappings() {
                return set;
            }

            @Override
            public StateOutputs.Engines engines() {
                return engines;
            }
        };
        Path out = tmp.resolve("out");
        try (CurrentState state = new CurrentState(out, ledger, () -> margining, 50, sortItself)) {
            state.request().get(5, TimeUnit.MINUTES);
            assertThat(state.failure()).isEmpty();
        }
        Path expected = tmp.resolve("expected");
        Path exceptions = Files.createFile(tmp.resolve("exceptions.jsonl"));
        StateOutputs.write(expected, set.version(), engines, ledger.positions(), ledger.collateral(),
                ledger.sensitivities(), exceptions);

        List<Path> compared = new ArrayList<>();
        try (Stream<Path> files = Files.walk(expected)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".xlsx")) {
                    continue; // a workbook's zip entries carry the time it was written
                }
                Path rel = expected.relativize(f);
                assertThat(out.resolve("current").resolve(rel)).as(rel.toString()).hasSameBinaryContentAs(f);
                compared.add(rel);
            }
        }
        assertThat(compared).extracting(Path::toString).contains("book/positions.jsonl", "margin/margin.json");
        assertThat(Files.readString(out.resolve("current/margin/margin.json"))).as("SIMM margined the CRIF")
                .contains("CRIF sensitivities");
        try (Stream<Path> left = Files.list(out.resolve(".state"))) {
            assertThat(left.toList()).as("the recomputation's CRIF file is gone").isEmpty();
        }
        assertThat(compared.stream().filter(p -> p.startsWith("reports")).map(p -> p.getName(1)).distinct())
                .as("both firms' reports").hasSize(2);
    }

    static void commit(Ledger ledger, String file, String principal) throws Exception {
        Path p = Path.of(file);
        SourceFile src = FeedFormats.describe(p, PosRptParser.ID);
        Normalizer n = new Normalizer(TestMappings.SHIPPED);
        List<Position> positions = new ArrayList<>();
        try (RecordStream s = new PosRptParser().open(Files.newInputStream(p), src)) {
            s.forEachRemaining(i -> positions.add(n.normalize((SourcePosition) i).position()));
        }
        Ack ack = new Ack(src.submissionId(), src.feedId(), src.name(), src.sha256(), src.bytes(), Instant.now(),
                TestMappings.SHIPPED.version(), Ack.Status.ACCEPTED, positions.size(), positions.size(), 0, List.of(),
                null);
        assertThat(ledger.commit(ack, principal, positions)).isTrue();
    }

    static void commitCrif(Ledger ledger, String file, String principal) throws Exception {
        Path p = Path.of(file);
        SourceFile src = FeedFormats.describe(p, CrifParser.ID);
        List<Sensitivity> rows = new ArrayList<>();
        try (RecordStream s = new CrifParser().open(Files.newInputStream(p), src)) {
            s.forEachRemaining(i -> {
                if (i instanceof SourceSensitivity ss) {
                    rows.add(ss.sensitivity());
                }
            });
        }
        Ack ack = new Ack(src.submissionId(), src.feedId(), src.name(), src.sha256(), src.bytes(), Instant.now(),
                TestMappings.SHIPPED.version(), Ack.Status.ACCEPTED, rows.size(), rows.size(), 0, List.of(), null);
        assertThat(ledger.commit(ack, principal, Ledger.Revision.FIRST, Ledger.Contents.of(List.of(), List.of(),
                rows))).isTrue();
    }
}
