package io.concord.margin.stress;

import io.concord.gateway.cli.CliRun;
import io.concord.mapping.MappingProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The scenario library as data: the shipped files, and the files lint must refuse. */
class StressScenariosTest {

    private static final String VALID = """
            id: my-shock
            name: "A user's shock"
            kind: HYPOTHETICAL
            horizonDays: 2
            description: "hypothetical equities down"
            sources: ["set by the risk committee for its 2026 review"]
            eventContracts: UNCHANGED
            shocks:
              - {factor: "EQ:*", unit: RELATIVE, move: -0.2, source: "hypothetical: committee's equity move"}
            """;

    @TempDir
    Path tmp;

    @Test
    void everyShippedScenarioCitesItsSourcesAndHistoricalOnesAreDated() {
        StressScenarios.Loaded loaded = StressScenarios.read(Path.of("mappings/stress"));
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.scenarios()).hasSizeGreaterThanOrEqualTo(8).allSatisfy(s -> {
            assertThat(s.sources()).isNotEmpty();
            assertThat(s.shocks()).allSatisfy(k -> assertThat(k.source()).isNotBlank());
            if (s.kind() == Scenario.Kind.HISTORICAL) {
                assertThat(s.from()).as(s.id()).isBefore(s.to());
            } else {
                assertThat(s.name()).startsWith("Hypothetical");
                assertThat(s.from()).isNull();
            }
        });
        Scenario black = loaded.scenarios().stream().filter(s -> s.id().equals("black-monday-1987")).findFirst()
                .orElseThrow();
        // S&P 500 fell 57.86 to 224.84 on 19 Oct 1987 (CNN Money, 13 Oct 1997): -57.86 / 282.70 = -20.47 %
        assertThat(black.shock("EQ:SPX", Scenario.Unit.RELATIVE).orElseThrow().move()).isEqualTo(-0.2047);
        // a single stock takes the labelled proxy, the Dow's -22.61 %; nothing moves Treasuries on that day
        assertThat(black.shock("EQ:AAPL", Scenario.Unit.RELATIVE).orElseThrow().source()).startsWith("proxy");
        assertThat(black.shock("IR:UST:10Y", Scenario.Unit.BP)).isEmpty();
        assertThat(black.shock("EQ:SPX", Scenario.Unit.VOL)).isEmpty();
    }

    @Test
    void aScenarioWithoutASourceOrAMoveWithoutOneIsRefusedWithItsLine() throws IOException {
        write("no-sources", VALID.replace("my-shock", "no-sources")
                .replace("sources: [\"set by the risk committee for its 2026 review\"]\n", ""));
        write("no-shock-source", VALID.replace("my-shock", "no-shock-source")
                .replace(", source: \"hypothetical: committee's equity move\"", ""));
        write("dated-hypothetical", VALID.replace("my-shock", "dated-hypothetical")
                .replace("horizonDays: 2", "from: \"2020-03-13\"\nto: \"2020-03-16\"\nhorizonDays: 2"));
        write("undated-history", VALID.replace("my-shock", "undated-history").replace("HYPOTHETICAL", "HISTORICAL"));
        write("unlabelled", VALID.replace("my-shock", "unlabelled").replace("hypothetical: committee", "committee"));
        write("wipe-out", VALID.replace("my-shock", "wipe-out").replace("move: -0.2", "move: -1.0"));
        write("my-shock", VALID);

        StressScenarios.Loaded loaded = StressScenarios.read(tmp);

        assertThat(loaded.scenarios()).extracting(Scenario::id).containsExactly("my-shock");
        assertThat(loaded.problems()).extracting(MappingProblem::toString).anySatisfy(p -> assertThat(p)
                        .contains("no-sources.yaml:1: schema:").contains("sources"))
                .anySatisfy(p -> assertThat(p).contains("no-shock-source.yaml:9: schema:").contains("source"))
                .anySatisfy(p -> assertThat(p).contains("dated-hypothetical.yaml:4: a HYPOTHETICAL scenario has no "
                        + "dates"))
                .anySatisfy(p -> assertThat(p).contains("undated-history.yaml:1: schema:").contains("from"))
                .anySatisfy(p -> assertThat(p).contains("unlabelled.yaml:9: a HYPOTHETICAL scenario's move must say"))
                .anySatisfy(p -> assertThat(p).contains("wipe-out.yaml:9: a RELATIVE move of -1.0"));
    }

    @Test
    void mappingsLintRejectsAScenarioWithoutASource() throws IOException {
        Path mappings = io.concord.TestMappings.copyShipped(tmp);
        CliRun clean = CliRun.of("mappings", "lint", "--mappings", mappings.toString());
        assertThat(clean.code()).as(clean.out()).isZero();
        assertThat(clean.out()).contains("stress scenarios: no problems");

        Path f = mappings.resolve("stress/ftx-2022-11-09.yaml");
        Files.writeString(f, Files.readString(f).replaceAll("(?s)sources:.*?eventContracts", "eventContracts"));
        CliRun lint = CliRun.of("mappings", "lint", "--mappings", mappings.toString());
        assertThat(lint.code()).isEqualTo(1);
        assertThat(lint.out()).contains("ftx-2022-11-09.yaml:2: schema:").contains("sources");
    }

    @Test
    void theMostSpecificShockWins() {
        Scenario s = StressScenarios.load(Path.of("mappings/stress/hypothetical-equities-yields-btc.yaml")).get(0);
        assertThat(s.shock("EQ:NDX", Scenario.Unit.RELATIVE).orElseThrow().factor()).isEqualTo("EQ:*");
        assertThat(s.shock("CRYPTO:BTC", Scenario.Unit.RELATIVE).orElseThrow().move()).isEqualTo(-0.5);
        assertThat(s.shock("CRYPTO:SOL", Scenario.Unit.RELATIVE)).isEmpty();
        assertThat(s.shock("IR:UST:2Y", Scenario.Unit.BP).orElseThrow().move()).isEqualTo(-100);
    }

    private void write(String id, String yaml) throws IOException {
        Files.writeString(tmp.resolve(id + ".yaml"), yaml);
    }
}
