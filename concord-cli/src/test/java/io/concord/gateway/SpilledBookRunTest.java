package io.concord.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.gateway.runtime.ConcordConfig;
import io.concord.gateway.runtime.Gateway;
import io.concord.margin.engine.MarginEngine;
import io.concord.margin.engine.MarginReport;
import io.concord.margin.simm.SimmSilo;
import io.concord.mapping.MappingSet;
import io.concord.book.KeyedRows;
import io.concord.model.CollateralLine;
import io.concord.model.Position;
import io.concord.model.Sensitivity;
import io.concord.report.FirmExceptions;
import io.concord.report.FirmMarginJson;
import io.concord.report.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code process} on every fixture with a book that must write most of itself to disk (7 keys in memory) writes
 * the same outputs as with the book in memory, and the margin.json written account by account is the report the
 * engine computes whole on the same book, each firm's margin.json its part of it.
 */
class SpilledBookRunTest {

    @TempDir
    static Path tmp;
    static RunSummary inMemory;
    static RunSummary spilled;

    @BeforeAll
    static void runBoth() throws Exception {
        List<Path> fixtures = Gateway.expand(List.of(Path.of("fixtures")));
        inMemory = Gateway.process(ConcordConfig.defaults(), Gateway.standardRun(tmp.resolve("memory"), null, Path.of("mappings"), null),
                fixtures);
        spilled = Gateway.process(ConcordConfig.defaults(), Gateway.standardRun(tmp.resolve("spilled"), null, Path.of("mappings"), null)
                .bookInMemoryUpTo(7), fixtures);
    }

    /** The outputs of a run that do not carry a creation time (acks and auth.108 do). */
    private static List<Path> outputs(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize)
                    .filter(p -> p.startsWith("book") || p.startsWith("margin") || p.startsWith("regulator")
                            || p.startsWith("reports") && (p.endsWith("margin.json") || p.endsWith("margin-report.xml")))
                    .filter(p -> !p.toString().endsWith(".xlsx")).sorted().toList();
        }
    }

    @Test
    void aBookWrittenToDiskInRunsGivesTheSameOutputs() throws Exception {
        assertThat(spilled.bookedPositions()).isEqualTo(inMemory.bookedPositions()).isGreaterThan(100);
        assertThat(spilled.margin()).isEqualTo(inMemory.margin());
        List<Path> files = outputs(tmp.resolve("memory"));
        assertThat(files).hasSizeGreaterThan(10).contains(Path.of("book/positions.jsonl"),
                Path.of("margin/margin.json"), Path.of("regulator/margin-by-firm.json"));
        assertThat(outputs(tmp.resolve("spilled"))).isEqualTo(files);
        for (Path f : files) {
            assertThat(tmp.resolve("spilled").resolve(f)).as(f.toString()).hasSameTextualContentAs(
                    tmp.resolve("memory").resolve(f));
        }
        assertThat(tmp.resolve("spilled/book/runs")).as("the runs are deleted once read").doesNotExist();
    }

    @Test
    void marginJsonWrittenAccountByAccountIsTheWholeReport() throws Exception {
        Path out = tmp.resolve("spilled");
        List<Position> book = read(out.resolve("book/positions.jsonl"), Position.class);
        // normalized/ holds every line as it arrived; the state a run margins keeps what no later file replaced
        KeyedRows<CollateralLine> standing = KeyedRows.collateral();
        standing.addAll(read(out.resolve("normalized/collateral.jsonl"), CollateralLine.class));
        List<CollateralLine> collateral = standing.rows();
        KeyedRows<Sensitivity> standingCrif = KeyedRows.sensitivities();
        standingCrif.addAll(read(out.resolve("normalized/sensitivities.jsonl"), Sensitivity.class));
        List<Sensitivity> crif = standingCrif.rows();
        StateOutputs.Engines engines = StateOutputs.Engines.load(Path.of("mappings"),
                MappingSet.load(Path.of("mappings")));
        MarginEngine engine = engines.margin().with(new SimmSilo(engines.simm(), StateOutputs.byAccount(crif)));
        JsonNode written = Json.MAPPER.readTree(out.resolve("margin/margin.json").toFile());
        MarginReport whole = engine.run(written.get("mappingsVersion").asText(), book, collateral);
        assertThat(whole.accounts()).hasSizeGreaterThan(40);
        assertThat(Files.readString(out.resolve("margin/margin.json")))
                .isEqualTo(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(whole));
        // each firm's file is its accounts of the same report
        assertThat(whole.accountsByFirm()).hasSizeGreaterThan(5);
        FirmExceptions rejected = FirmExceptions.split(out.resolve("exceptions.jsonl"), tmp.resolve("rejected"));
        whole.accountsByFirm().forEach((firm, accounts) -> {
            try {
                assertThat(Files.readString(out.resolve("reports").resolve(firm).resolve(FirmMarginJson.FILE_NAME)))
                        .as(firm).isEqualTo(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                                new FirmMarginJson.FirmMargin(firm, whole.asOf(), whole.mappingsVersion(),
                                        whole.parametersVersion(), whole.whatIf(), accounts,
                                        rejected.rejected(firm))));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static <T> List<T> read(Path jsonl, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            out.add(Json.MAPPER.readValue(line, type));
        }
        return out;
    }
}
