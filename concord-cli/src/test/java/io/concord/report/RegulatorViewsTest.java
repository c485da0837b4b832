package io.concord.report;

import io.concord.testing.TestFiles;
import io.concord.gateway.cli.ProcessCommand;
import com.fasterxml.jackson.databind.JsonNode;
import io.concord.gateway.cli.CliRun;
import io.concord.mapping.MappingException;
import io.concord.mapping.ReportableLevels;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@code out/regulator/} of {@code concord process fixtures}: reconciled with the book and margin.json. */
class RegulatorViewsTest {

    @TempDir
    static Path out;

    private static List<JsonNode> book;

    @BeforeAll
    static void processTheFixtures() throws IOException {
        CliRun r = CliRun.of("process", "--out", out.toString(), "fixtures");
        assertThat(r.code()).as(r.err()).isEqualTo(ProcessCommand.EXIT_REJECTED);
        book = new ArrayList<>();
        try (Stream<String> lines = Files.lines(out.resolve("book/positions.jsonl"))) {
            lines.forEach(l -> book.add(read(l)));
        }
    }

    @Test
    void positionsByTaxonomyReconcileWithTheBookOfEveryDate() throws IOException {
        JsonNode rows = Json.MAPPER.readTree(out.resolve("regulator/positions-by-taxonomy.json").toFile());
        int count = 0;
        Map<String, BigDecimal[]> byNode = new HashMap<>();
        for (JsonNode row : rows) {
            count += row.get("positions").asInt();
            byNode.merge(row.get("asOf").asText() + "|" + row.get("taxonomy").asText() + "|"
                            + row.get("firm").asText(),
                    new BigDecimal[] {row.get("longQty").decimalValue(), row.get("shortQty").decimalValue()},
                    RegulatorViewsTest::add);
        }
        assertThat(count).isEqualTo(book.size()).isGreaterThan(30);
        Map<String, BigDecimal[]> expected = new HashMap<>();
        for (JsonNode p : book) {
            expected.merge(p.get("asOf").asText() + "|" + p.at("/product/taxonomy").asText() + "|"
                            + p.get("firmLei").asText(),
                    new BigDecimal[] {p.get("longQty").decimalValue(), p.get("shortQty").decimalValue()},
                    RegulatorViewsTest::add);
        }
        assertThat(byNode.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> {
            assertThat(byNode.get(k)[0]).as(k).isEqualByComparingTo(v[0]);
            assertThat(byNode.get(k)[1]).as(k).isEqualByComparingTo(v[1]);
        });
    }

    @Test
    void futuresAreValuedAtTheirNotional() throws IOException {
        JsonNode rows = Json.MAPPER.readTree(out.resolve("regulator/positions-by-taxonomy.json").toFile());
        // gross value of a node = Σ |net| × settlement price × multiplier of its futures (none carries a market value)
        BigDecimal expected = BigDecimal.ZERO;
        int n = 0;
        for (JsonNode p : book) {
            if (p.at("/product/taxonomy").asText().equals("RATES/GOVT/TREASURY_FUTURE")
                    && p.get("asOf").asText().equals("2026-11-20") && !p.hasNonNull("marketValue")
                    && p.hasNonNull("price")) {
                expected = expected.add(p.get("longQty").decimalValue().subtract(p.get("shortQty").decimalValue())
                        .abs().multiply(p.get("price").decimalValue()).multiply(p.at("/product/multiplier")
                                .decimalValue()));
                n++;
            }
        }
        assertThat(n).isPositive();
        BigDecimal actual = BigDecimal.ZERO;
        for (JsonNode row : rows) {
            if (row.get("taxonomy").asText().equals("RATES/GOVT/TREASURY_FUTURE")
                    && row.get("asOf").asText().equals("2026-11-20")) {
                actual = actual.add(row.get("grossValue").decimalValue());
            }
        }
        assertThat(actual).isEqualByComparingTo(expected);
    }

    @Test
    void noFixturePositionReachesA1503Level() throws IOException {
        // the largest fixture futures positions (HOUSE-01 300 ZN, CUST-1001 125 ES long) are below 15.03(b)'s
        // 2,000 and 1,000 contracts
        JsonNode large = Json.MAPPER.readTree(out.resolve("regulator/large-positions.json").toFile());
        assertThat(large).isEmpty();
    }

    @Test
    void aPositionAtOrAboveItsLevelIsListedWithTheLevelsSource(@TempDir Path tmp) throws IOException {
        Path mappings = tmp.resolve("mappings");
        TestFiles.copyTree(Path.of("mappings"), mappings);
        // a test level, not a rule: 250 ZN, which HOUSE-01's 300 long (FIXML) and LTR80 account 000000100017's
        // 300 long exceed, and M-4410's 80 short do not
        Files.writeString(mappings.resolve(ReportableLevels.FILE), """
                levels:
                  cbot-zn-future: {contracts: 250, basis: POLICY, source: "test level"}
                """);
        Path o = tmp.resolve("out");
        CliRun r = CliRun.of("process", "--out", o.toString(), "--mappings", mappings.toString(), "fixtures");
        assertThat(r.code()).as(r.err()).isEqualTo(ProcessCommand.EXIT_REJECTED);
        JsonNode large = Json.MAPPER.readTree(o.resolve("regulator/large-positions.json").toFile());
        assertThat(large).hasSize(2);
        assertThat(large.get(0).get("account").asText()).isEqualTo("000000100017");
        JsonNode l = large.get(1);
        assertThat(l.get("account").asText()).isEqualTo("HOUSE-01");
        assertThat(l.get("definitionId").asText()).isEqualTo("cbot-zn-future");
        assertThat(l.get("longQty").decimalValue()).isEqualByComparingTo("300");
        assertThat(l.get("level").decimalValue()).isEqualByComparingTo("250");
        assertThat(l.get("basis").asText()).isEqualTo("POLICY");
        assertThat(l.get("source").asText()).isEqualTo("test level");
    }

    @Test
    void aLevelForAnUnknownDefinitionIsRefused(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve(ReportableLevels.FILE);
        Files.writeString(f, "levels:\n  no-such-future: {contracts: 10, basis: RULE, source: x}\n");
        assertThatThrownBy(() -> ReportableLevels.load(f, Set.of("cme-es-future")))
                .isInstanceOf(MappingException.class).hasMessageContaining("no-such-future");
    }

    @Test
    void marginByFirmTotalsAreMarginJsons() throws IOException {
        JsonNode margin = Json.MAPPER.readTree(out.resolve("margin/margin.json").toFile());
        JsonNode view = Json.MAPPER.readTree(out.resolve("regulator/margin-by-firm.json").toFile());
        Map<String, double[]> expected = new HashMap<>();
        double[] market = new double[3];
        for (JsonNode a : margin.get("accounts")) {
            double[] v = {a.get("siloedTotal").asDouble(), a.at("/collateral/marketValue").asDouble(),
                    a.at("/collateral/postHaircut").asDouble()};
            expected.merge(a.get("firm").asText(), v, (x, y) -> new double[] {x[0] + y[0], x[1] + y[1], x[2] + y[2]});
            for (int i = 0; i < 3; i++) {
                market[i] += v[i];
            }
        }
        assertThat(view.get("firms")).hasSize(expected.size());
        for (JsonNode f : view.get("firms")) {
            double[] v = expected.get(f.get("firm").asText());
            assertThat(f.get("siloedTotal").asDouble()).isCloseTo(v[0], within(0.005));
            assertThat(f.get("collateralMarketValue").asDouble()).isCloseTo(v[1], within(0.005));
            assertThat(f.get("collateralPostHaircut").asDouble()).isCloseTo(v[2], within(0.005));
            double silos = 0;
            for (JsonNode s : f.get("siloed")) {
                silos += s.asDouble();
            }
            assertThat(silos).isCloseTo(v[0], within(0.005));
        }
        JsonNode m = view.get("market");
        assertThat(m.get("siloedTotal").asDouble()).isCloseTo(market[0], within(0.005));
        assertThat(m.get("collateralPostHaircut").asDouble()).isCloseTo(market[2], within(0.005));
        assertThat(m.get("accounts").asInt()).isEqualTo(margin.get("accounts").size());
        // freed = siloed - harmonized, which margin.json holds per account (margin/summary.json breaks it down)
        double harmonized = 0;
        for (JsonNode a : margin.get("accounts")) {
            harmonized += a.at("/harmonized/total").asDouble();
        }
        assertThat(m.get("harmonizedTotal").asDouble()).isCloseTo(harmonized, within(0.01));
        assertThat(m.get("freed").asDouble()).isPositive()
                .isCloseTo(m.get("siloedTotal").asDouble() - harmonized, within(0.01));
    }

    @Test
    void workbookHasTheThreeSheetsFrozenFilteredWithNumericCells() throws IOException {
        JsonNode rows = Json.MAPPER.readTree(out.resolve("regulator/positions-by-taxonomy.json").toFile());
        JsonNode view = Json.MAPPER.readTree(out.resolve("regulator/margin-by-firm.json").toFile());
        try (InputStream in = Files.newInputStream(out.resolve("regulator/regulator-views.xlsx"));
             XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                Sheet s = wb.getSheetAt(i);
                assertThat(s.getSheetName()).isEqualTo(RegulatorViews.SHEETS.get(i));
                assertThat(s.getPaneInformation().isFreezePane()).isTrue();
                assertThat(wb.getSheetAt(i).getCTWorksheet().isSetAutoFilter()).isTrue();
                assertThat(s.getColumnWidth(0)).isGreaterThan(256 * 8);
            }
            Sheet t = wb.getSheetAt(0);
            assertThat(t.getLastRowNum()).isEqualTo(rows.size());
            assertThat(t.getRow(1).getCell(5).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(t.getRow(1).getCell(10).getCellStyle().getDataFormatString()).isEqualTo(Cells.AMOUNT_FORMAT);
            Sheet m = wb.getSheetAt(2);
            var last = m.getRow(m.getLastRowNum());
            assertThat(last.getCell(0).getStringCellValue()).isEqualTo("All firms");
            int totalColumn = last.getLastCellNum() - 5;
            assertThat(last.getCell(totalColumn).getNumericCellValue())
                    .isCloseTo(view.at("/market/siloedTotal").asDouble(), within(0.005));
            assertThat(last.getCell(totalColumn + 2).getNumericCellValue())
                    .isCloseTo(view.at("/market/freed").asDouble(), within(0.005));
        }
    }

    private static BigDecimal[] add(BigDecimal[] a, BigDecimal[] b) {
        return new BigDecimal[] {a[0].add(b[0]), a[1].add(b[1])};
    }

    private static JsonNode read(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
