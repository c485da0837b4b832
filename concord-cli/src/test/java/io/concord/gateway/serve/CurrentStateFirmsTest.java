package io.concord.gateway.serve;

import io.concord.TestMappings;
import io.concord.bench.FeedGenerator;
import io.concord.gateway.StateOutputs;
import io.concord.ledger.Ledger;
import io.concord.mapping.MappingSet;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a commit that touches some firms, the current state redoes those firms first and publishes their reports
 * ahead of the rest (then the whole state, as before): the reports published ahead are byte for byte what the whole
 * recomputation writes for those firms, the other firms' files are not touched, and a commit that moves the
 * business date is never done that way.
 */
class CurrentStateFirmsTest {

    private static final String MERIDIAN = ServeHarness.MERIDIAN;
    private static final String HUDSON = ServeHarness.HUDSON;
    private static final Path MERIDIAN_EOD = Path.of(ServeMarginTest.EOD);

    @TempDir
    Path tmp;

    @Test
    void aCommitOfOneFirmPublishesThatFirmsReportsAheadAsTheWholeRecomputationWritesThem() throws Exception {
        Ledger ledger = Ledger.open("jdbc:h2:file:" + tmp.resolve("ledger") + ";DB_CLOSE_DELAY=0", "sa", "");
        // three accounts, two of them Hudson's: the firm the commit touches holds well under half the state (a
        // firm holding more is redone whole at once, as quick as redoing it first)
        Path generated = tmp.resolve("posrpt-generated.xml");
        new FeedGenerator(11).fixmlPositions(generated, 700, 3);
        CurrentStateTest.commit(ledger, generated.toString(), "bench");
        CurrentStateTest.commit(ledger, MERIDIAN_EOD.toString(), "meridian");
        // CRIF portfolios of both firms: SIMM margins Meridian's again from its own rows only
        CurrentStateTest.commitCrif(ledger, "fixtures/crif/crif-hudson-2026-11-20.csv", "hudson");
        CurrentStateTest.commitCrif(ledger, "fixtures/crif/crif-meridian-2026-11-20.tsv", "meridian");

        Path out = tmp.resolve("out");
        try (CurrentState state = new CurrentState(out, ledger, () -> margining())) {
            state.request().get(5, TimeUnit.MINUTES);
            assertThat(state.failure()).isEmpty();
            assertThat(state.firmRecomputations()).as("the first state is whole").isZero();
            Path hudson = out.resolve("current/reports").resolve(HUDSON);
            Map<String, Object> hudsonFiles = fileKeys(hudson);
            assertThat(hudsonFiles).isNotEmpty();

            // Meridian sends its end-of-day file again with one quantity changed: same date, same prices
            String eod = Files.readString(MERIDIAN_EOD);
            assertThat(eod).contains("Long=\"12\" Short=\"2\"");
            Path amended = Files.writeString(tmp.resolve("posrpt-meridian-2026-11-20-3-corrected.xml"),
                    eod.replace("Long=\"12\" Short=\"2\"", "Long=\"15\" Short=\"2\""));
            CurrentStateTest.commit(ledger, amended.toString(), "meridian");
            String corrected = ledger.submissions().get(ledger.submissions().size() - 1).id();

            Path ahead = tmp.resolve("ahead");
            List<String> seen = new ArrayList<>();
            state.onFirmsPublished(() -> {
                try {
                    io.concord.testing.TestFiles.copyTree(out.resolve("current/reports").resolve(MERIDIAN), ahead);
                    seen.add(Files.readString(out.resolve("current").resolve(CurrentState.STATE_FILE)));
                    seen.add(String.valueOf(state.reflects(corrected)));
                    seen.add(String.valueOf(fileKeys(hudson).equals(hudsonFiles)));
                    seen.add(stressView(state, MERIDIAN));
                } catch (Exception e) {
                    seen.add(e.toString());
                }
            });
            assertThat(state.reflects(corrected)).isFalse();
            state.request().get(5, TimeUnit.MINUTES);
            assertThat(state.failure()).isEmpty();
            assertThat(state.firmRecomputations()).isEqualTo(1);
            assertThat(seen).hasSize(4);
            Map<?, ?> stateJson = Json.MAPPER.readValue(seen.get(0), Map.class);
            assertThat(stateJson.get(CurrentState.FIRMS_AHEAD)).as("state.json while Meridian is ahead")
                    .isEqualTo(Map.of(MERIDIAN, corrected));
            assertThat(seen.get(1)).as("the commit reflected once Meridian's reports are out").isEqualTo("true");
            assertThat(seen.get(2)).as("Hudson's files left as they were").isEqualTo("true");

            // the whole recomputation followed: Meridian's reports published ahead are what it wrote
            Path whole = out.resolve("current/reports").resolve(MERIDIAN);
            assertThat(contents(ahead)).isEqualTo(contents(whole)).containsKey("margin.json")
                    .containsKey("margin-report.xml").containsKey("margin-report.xlsx!xl/worksheets/sheet2.xml");
            assertThat(Files.readString(whole.resolve("margin.json"))).contains("posrpt-meridian-2026-11-20-3-corrected.xml")
                    .contains("CRIF sensitivities");
            assertThat(Json.MAPPER.readValue(out.resolve("current").resolve(CurrentState.STATE_FILE).toFile(), Map.class))
                    .doesNotContainKey(CurrentState.FIRMS_AHEAD);
            // Meridian's stress view while ahead (its recomputation's coverage) is the whole state's view of it
            assertThat(out.resolve("current").resolve(CurrentState.FIRMS_AHEAD_DIR)).doesNotExist();
            assertThat(seen.get(3)).contains("\"accounts\"").isEqualTo(stressView(state, MERIDIAN));

            // a commit that brings a later business date moves every firm's margin: the state is redone whole
            Path later = Files.writeString(tmp.resolve("posrpt-meridian-2026-11-23.xml"),
                    eod.replace("BizDt=\"2026-11-20\"", "BizDt=\"2026-11-23\""));
            CurrentStateTest.commit(ledger, later.toString(), "meridian");
            state.request().get(5, TimeUnit.MINUTES);
            assertThat(state.failure()).isEmpty();
            assertThat(state.firmRecomputations()).isEqualTo(1);
        }
    }

    /** The firm's stress view as the API writes it ({@code CoverageViews.firm}) from what the state serves it. */
    private static String stressView(CurrentState state, String lei) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.InputStream in = state.openCoverage(lei, io.concord.report.StressJson.FILE).orElseThrow();
             com.fasterxml.jackson.core.JsonGenerator g = Json.generator(bytes)) {
            assertThat(io.concord.report.CoverageViews.firm(in, lei, g)).isPositive();
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static CurrentState.Margining margining() {
        return MARGINING;
    }

    private static final CurrentState.Margining MARGINING = new CurrentState.Margining() {
        private final MappingSet set = TestMappings.SHIPPED;
        private StateOutputs.Engines engines;

        @Override
        public MappingSet mappings() {
            return set;
        }

        @Override
        public synchronized StateOutputs.Engines engines() {
            if (engines == null) {
                try {
                    engines = StateOutputs.Engines.load(Path.of("mappings"), set);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return engines;
        }
    };

    /** Each file's identity on disk (same file, not only the same bytes), by name. */
    private static Map<String, Object> fileKeys(Path dir) throws Exception {
        Map<String, Object> keys = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                keys.put(f.getFileName().toString(), Files.readAttributes(f, BasicFileAttributes.class).fileKey());
            }
        }
        return keys;
    }

    /** Each file's bytes by name; a workbook's entries one by one, but for its creation time (docProps/core.xml). */
    private static Map<String, String> contents(Path dir) throws Exception {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".xlsx")) {
                    try (ZipFile zip = new ZipFile(f.toFile())) {
                        for (var e : java.util.Collections.list(zip.entries())) {
                            if (!e.getName().equals("docProps/core.xml")) {
                                all.put(name + "!" + e.getName(), new String(zip.getInputStream(e).readAllBytes(),
                                        java.nio.charset.StandardCharsets.UTF_8));
                            }
                        }
                    }
                } else {
                    all.put(name, Files.readString(f));
                }
            }
        }
        return all;
    }
}
