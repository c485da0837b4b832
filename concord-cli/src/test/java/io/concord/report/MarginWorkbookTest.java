package io.concord.report;

import io.concord.gateway.cli.ProcessCommand;
import com.fasterxml.jackson.databind.JsonNode;
import io.concord.gateway.cli.CliRun;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFSheet;
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
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Excel workbooks of {@code concord process} on the shipped fixtures, opened with POI: sheets, frozen headers,
 * filters, numeric cells with formats, the chart, totals as in margin.json, and formula-like text kept as text.
 */
class MarginWorkbookTest {

    private static final String LARKSPUR = "549300LARKSPURSEC059";
    private static final String HUDSON = "549300HUDSONCLR0RG39";
    /** The hostile account of fixtures/sec/positions-larkspur-introducing-2026-11-20.csv. */
    private static final String HOSTILE = "=HYPERLINK(\"http://x\",\"y\")";

    @TempDir
    static Path out;

    private static JsonNode marginJson;

    @BeforeAll
    static void processTheFixtures() throws IOException {
        CliRun r = CliRun.of("process", "--out", out.toString(), "fixtures");
        assertThat(r.code()).as(r.err()).isEqualTo(ProcessCommand.EXIT_REJECTED); // fixtures/bad/ is rejected
        marginJson = Json.MAPPER.readTree(out.resolve("margin/margin.json").toFile());
    }

    @Test
    void everyFirmHasAWorkbookWithFrozenFilteredSheetsInOrder() throws IOException {
        List<String> firms = new ArrayList<>();
        marginJson.get("accounts").forEach(a -> {
            if (!firms.contains(a.get("firm").asText())) {
                firms.add(a.get("firm").asText());
            }
        });
        // and every firm with rejected records, margined or not: it sees what is in no margin figure
        for (String line : Files.readAllLines(out.resolve("exceptions.jsonl"))) {
            JsonNode firm = Json.MAPPER.readTree(line).get("firm");
            if (firm != null && !firms.contains(firm.asText())) {
                firms.add(firm.asText());
            }
        }
        List<Path> books;
        try (Stream<Path> s = Files.walk(out.resolve("reports"))) {
            books = s.filter(p -> p.getFileName().toString().equals(MarginWorkbook.FILE_NAME)).toList();
        }
        assertThat(books).extracting(p -> p.getParent().getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(firms);
        for (Path f : books) {
            try (XSSFWorkbook wb = open(f)) {
                List<String> names = new ArrayList<>();
                wb.forEach(s -> names.add(s.getSheetName()));
                // the run has the shipped stress scenarios: their sheets come last
                assertThat(names).as(f.toString()).containsExactly("Summary", "Positions", "Margin", "Collateral",
                        "Exceptions", StressSheets.SHEET, StressSheets.ACCOUNTS);
                for (Sheet s : wb) {
                    XSSFSheet x = (XSSFSheet) s;
                    int header = s.getSheetName().equals("Summary") ? MarginWorkbook.SUMMARY_HEADER : 0;
                    assertThat(x.getPaneInformation()).as(s.getSheetName()).isNotNull();
                    assertThat(x.getPaneInformation().isFreezePane()).isTrue();
                    assertThat(x.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) (header + 1));
                    assertThat(x.getCTWorksheet().isSetAutoFilter()).as(s.getSheetName()).isTrue();
                    assertThat(x.getCTWorksheet().getAutoFilter().getRef()).as(s.getSheetName())
                            .startsWith("A" + (header + 1) + ":");
                    assertThat(x.getColumnWidth(0)).as("explicit width").isGreaterThan(8 * 256);
                    assertThat(x.getRow(header).getCell(0).getCellType()).isEqualTo(CellType.STRING);
                    // prints: landscape, one page wide (as many tall as needed), the header on every page
                    assertThat(x.getPrintSetup().getLandscape()).as(s.getSheetName()).isTrue();
                    assertThat(x.getFitToPage()).as(s.getSheetName()).isTrue();
                    assertThat(x.getPrintSetup().getFitWidth()).isEqualTo((short) 1);
                    assertThat(x.getPrintSetup().getFitHeight()).isEqualTo((short) 0);
                    assertThat(x.getRepeatingRows()).as(s.getSheetName())
                            .isEqualTo(new org.apache.poi.ss.util.CellRangeAddress(0, header, -1, -1));
                }
            }
        }
    }

    @Test
    void summaryTotalsAreMarginJsonsAndNumbersAreFormattedNumbers() throws IOException {
        try (XSSFWorkbook wb = workbook(LARKSPUR)) {
            Sheet summary = wb.getSheet("Summary");
            assertThat(header(summary, MarginWorkbook.SUMMARY_HEADER)).startsWith("Account", "Segregation class", "Silos", "Siloed total (USD)",
                    "Harmonized total (USD)", "Saving (USD)");
            BigDecimal siloed = BigDecimal.ZERO;
            BigDecimal excess = BigDecimal.ZERO;
            int rows = 0;
            for (Row row : accountRows(summary)) {
                rows++;
                for (int c : new int[] {3, 4, 5, 7, 8, 9}) {
                    Cell cell = row.getCell(c);
                    assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
                    assertThat(cell.getCellStyle().getDataFormatString()).isEqualTo(Cells.AMOUNT_FORMAT);
                }
                siloed = siloed.add(BigDecimal.valueOf(row.getCell(3).getNumericCellValue()));
                excess = excess.add(BigDecimal.valueOf(row.getCell(9).getNumericCellValue()));
            }
            BigDecimal jsonSiloed = BigDecimal.ZERO;
            BigDecimal jsonExcess = BigDecimal.ZERO;
            int jsonRows = 0;
            for (JsonNode a : marginJson.get("accounts")) {
                if (a.get("firm").asText().equals(LARKSPUR)) {
                    jsonRows++;
                    jsonSiloed = jsonSiloed.add(a.get("siloedTotal").decimalValue());
                    jsonExcess = jsonExcess.add(a.get("excessDeficit").decimalValue());
                }
            }
            assertThat(rows).isEqualTo(jsonRows).isGreaterThan(1);
            assertThat(siloed.doubleValue()).isEqualTo(jsonSiloed.doubleValue(), within(0.005));
            assertThat(excess.doubleValue()).isEqualTo(jsonExcess.doubleValue(), within(0.005));

            Row firstCollateral = wb.getSheet("Collateral").getRow(1);
            assertThat(firstCollateral).as("Larkspur posts collateral").isNotNull();
            assertThat(firstCollateral.getCell(7).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(firstCollateral.getCell(7).getCellStyle().getDataFormatString())
                    .isEqualTo(Cells.AMOUNT_FORMAT);
            Sheet collateral = wb.getSheet("Collateral");
            boolean percent = false;
            for (Row row : collateral) {
                Cell h = row.getCell(8);
                if (row.getRowNum() > 0 && h != null) {
                    assertThat(h.getCellType()).isEqualTo(CellType.NUMERIC);
                    assertThat(h.getCellStyle().getDataFormatString()).isEqualTo(Cells.PERCENT_FORMAT);
                    assertThat(h.getNumericCellValue()).isBetween(0.0, 1.0);
                    percent = true;
                }
            }
            assertThat(percent).as("a haircut percentage").isTrue();

            Sheet margin = wb.getSheet("Margin");
            assertThat(header(margin)).containsExactly("Account", "Segregation class", "Silo", "Depth", "Label",
                    "Amount (USD)", "Basis");
            Row root = margin.getRow(1);
            assertThat(root.getCell(3).getNumericCellValue()).isZero();
            assertThat(margin.getRow(2).getCell(3).getNumericCellValue()).isEqualTo(1.0);
            assertThat(margin.getRow(2).getCell(4).getCellStyle().getIndention()).isEqualTo((short) 1);
            assertThat(root.getCell(5).getCellStyle().getDataFormatString()).isEqualTo(Cells.AMOUNT_FORMAT);

            Sheet positions = wb.getSheet("Positions");
            assertThat(positions.getLastRowNum()).isGreaterThan(5);
            assertThat(header(positions)).contains("Feed", "File", "Location in file", "Mapping id",
                    "Mapping version");
            assertThat(positions.getRow(1).getCell(12).getCellType()).isEqualTo(CellType.NUMERIC);
        }
    }

    /**
     * Hudson (19 accounts; its cross-margin accounts save under harmonized margin): Summary's first chart shows the
     * siloed and harmonized totals of its 10 largest accounts and the other 9 as one bar, its second the savings,
     * each with a legend, both drawn from the chart table under the account table.
     */
    @Test
    void summaryChartsTheLargestAccountsAndOthersAndTheSavingsWithLegends() throws IOException {
        try (XSSFWorkbook wb = workbook(HUDSON)) {
            XSSFSheet summary = wb.getSheet("Summary");
            List<Row> accounts = accountRows(summary);
            assertThat(accounts).hasSize(19);
            List<XSSFChart> charts = summary.getDrawingPatriarch().getCharts();
            assertThat(charts).hasSize(2);
            charts.forEach(c -> {
                assertThat(c.getCTChart().isSetLegend()).as("legend").isTrue();
                assertThat(c.getCTChart().getLegend().getLegendPos().getVal())
                        .isEqualTo(org.openxmlformats.schemas.drawingml.x2006.chart.STLegendPos.B);
            });
            var requirement = charts.get(0).getChartSeries().get(0);
            assertThat(requirement.getSeriesCount()).isEqualTo(2);
            assertThat(seriesTitle(charts.get(0), 0)).isEqualTo("Siloed total");
            assertThat(seriesTitle(charts.get(0), 1)).isEqualTo("Harmonized total");
            var saving = charts.get(1).getChartSeries().get(0);
            assertThat(saving.getSeriesCount()).isEqualTo(1);
            assertThat(seriesTitle(charts.get(1), 0)).isEqualTo("Saving");

            // the chart table: the 10 largest accounts as in the account table, then the other 9 summed
            String range = requirement.getSeries(0).getCategoryData().getDataRangeReference();
            var cells = org.apache.poi.ss.util.AreaReference.isContiguous(range)
                    ? new org.apache.poi.ss.util.AreaReference(range, org.apache.poi.ss.SpreadsheetVersion.EXCEL2007)
                    : null;
            assertThat(cells).isNotNull();
            int first = cells.getFirstCell().getRow();
            assertThat(cells.getLastCell().getRow() - first + 1).isEqualTo(11);
            assertThat(requirement.getSeries(0).getValuesData().getDataRangeReference())
                    .isEqualTo(range.replace("$A$", "$D$"));
            assertThat(requirement.getSeries(1).getValuesData().getDataRangeReference())
                    .isEqualTo(range.replace("$A$", "$E$"));
            assertThat(saving.getSeries(0).getValuesData().getDataRangeReference())
                    .isEqualTo(range.replace("$A$", "$F$"));
            for (int i = 0; i < 10; i++) {
                Row bar = summary.getRow(first + i);
                assertThat(bar.getCell(0).getStringCellValue()).isEqualTo(accounts.get(i).getCell(0)
                        .getStringCellValue());
                assertThat(bar.getCell(3).getNumericCellValue()).isEqualTo(accounts.get(i).getCell(3)
                        .getNumericCellValue());
            }
            Row others = summary.getRow(first + 10);
            assertThat(others.getCell(0).getStringCellValue()).isEqualTo("Others (9 accounts)");
            for (int c : new int[] {3, 4, 5}) {
                double rest = accounts.subList(10, 19).stream().mapToDouble(r -> r.getCell(c).getNumericCellValue())
                        .sum();
                assertThat(others.getCell(c).getNumericCellValue()).isEqualTo(rest, within(0.005));
            }

            double savings = 0;
            for (Row row : accounts) {
                double s = row.getCell(5).getNumericCellValue();
                assertThat(row.getCell(4).getNumericCellValue())
                        .isEqualTo(row.getCell(3).getNumericCellValue() - s, within(0.005));
                savings += s;
            }
            assertThat(savings).as("the XM hedges free margin").isPositive();
        }
    }

    /**
     * Summary says what it is of (the firm, margin.json's business date, mapping set and parameter versions), lists
     * the accounts largest siloed requirement first, and carries the firm's totals under them.
     */
    @Test
    void summaryNamesTheFirmDateAndVersionsSortsByRequirementAndCarriesTotals() throws IOException {
        for (String firm : List.of(HUDSON, LARKSPUR)) {
            try (XSSFWorkbook wb = workbook(firm)) {
                Sheet summary = wb.getSheet("Summary");
                java.util.Map<String, String> about = new java.util.LinkedHashMap<>();
                for (int r = 0; r < 5; r++) {
                    about.put(summary.getRow(r).getCell(0).getStringCellValue(),
                            summary.getRow(r).getCell(1).getStringCellValue());
                }
                assertThat(about).containsExactly(java.util.Map.entry("Firm (LEI)", firm),
                        java.util.Map.entry("Business date", marginJson.get("asOf").asText()),
                        java.util.Map.entry("Mapping set", marginJson.get("mappingsVersion").asText()),
                        java.util.Map.entry("Risk parameters", marginJson.get("parametersVersion").asText()),
                        java.util.Map.entry("What-if", "none (as filed)"));

                List<Row> accounts = accountRows(summary);
                List<Double> siloed = accounts.stream().map(r -> r.getCell(3).getNumericCellValue()).toList();
                assertThat(siloed).isSortedAccordingTo(java.util.Comparator.reverseOrder());

                Row total = summary.getRow(MarginWorkbook.SUMMARY_HEADER + accounts.size() + 1);
                assertThat(total.getCell(0).getStringCellValue()).isEqualTo("Total (" + accounts.size()
                        + " accounts)");
                java.util.Map<Integer, String> json = java.util.Map.of(3, "siloedTotal", 9, "excessDeficit");
                for (int c : new int[] {3, 4, 5, 7, 8, 9, 10}) {
                    double sum = accounts.stream().mapToDouble(r -> r.getCell(c).getNumericCellValue()).sum();
                    assertThat(total.getCell(c).getNumericCellValue()).as("column " + c).isEqualTo(sum,
                            within(0.005));
                }
                json.forEach((c, field) -> {
                    BigDecimal expected = BigDecimal.ZERO;
                    for (JsonNode a : marginJson.get("accounts")) {
                        if (a.get("firm").asText().equals(firm)) {
                            expected = expected.add(a.get(field).decimalValue());
                        }
                    }
                    assertThat(total.getCell(c).getNumericCellValue()).as(field)
                            .isEqualTo(expected.doubleValue(), within(0.005));
                });
            }
        }
    }

    @Test
    void formulaLikeTextIsQuotePrefixedStringNeverAFormula() throws IOException {
        try (XSSFWorkbook wb = workbook(LARKSPUR)) {
            List<Cell> hostile = new ArrayList<>();
            for (Sheet s : wb) {
                for (Row row : s) {
                    for (Cell c : row) {
                        assertThat(c.getCellType()).as(s.getSheetName() + "!" + c.getAddress())
                                .isNotEqualTo(CellType.FORMULA);
                        if (c.getCellType() == CellType.STRING && c.getStringCellValue().equals(HOSTILE)) {
                            hostile.add(c);
                        }
                    }
                }
            }
            assertThat(hostile).extracting(c -> c.getSheet().getSheetName())
                    .contains("Summary", "Positions", "Margin");
            assertThat(hostile).allSatisfy(c -> assertThat(c.getCellStyle().getQuotePrefixed()).isTrue());
            List<Cell> plain = new ArrayList<>();
            accountRows(wb.getSheet("Summary")).forEach(row -> {
                if (row.getCell(0).getStringCellValue().equals("C-10021")) {
                    plain.add(row.getCell(0));
                }
            });
            assertThat(plain).singleElement().satisfies(c -> assertThat(c.getCellStyle().getQuotePrefixed())
                    .as("plain text is not prefixed").isFalse());
        }
    }

    /**
     * Hudson's Exceptions sheet holds exactly the rows of exceptions.jsonl that belong to Hudson (the firm their
     * record reports for), unmapped products included, and Summary counts them under the table.
     */
    @Test
    void exceptionsSheetHoldsTheFirmsOwnExceptions() throws IOException {
        List<String> expected = new ArrayList<>();
        java.util.Map<String, Integer> byReason = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(out.resolve("exceptions.jsonl"))) {
            JsonNode x = Json.MAPPER.readTree(line);
            if (x.has("firm") && x.get("firm").asText().equals(HUDSON)) {
                expected.add(x.get("file").asText() + " " + x.get("location").asText() + " " + x.get("reason")
                        .asText());
                byReason.merge(x.get("reason").asText(), 1, Integer::sum);
            }
        }
        try (XSSFWorkbook wb = workbook(HUDSON)) {
            List<String> rows = new ArrayList<>();
            wb.getSheet("Exceptions").forEach(row -> {
                if (row.getRowNum() > 0) {
                    rows.add(row.getCell(2).getStringCellValue() + " " + row.getCell(4).getStringCellValue() + " "
                            + row.getCell(5).getStringCellValue());
                    assertThat(row.getCell(3).getCellType()).isEqualTo(CellType.NUMERIC);
                }
            });
            assertThat(expected).hasSizeGreaterThan(5);
            assertThat(byReason).containsKey("UNMAPPED_PRODUCT");
            assertThat(rows).containsExactlyElementsOf(expected);

            Sheet summary = wb.getSheet("Summary");
            Row note = summary.getRow(MarginWorkbook.SUMMARY_HEADER + accountRows(summary).size() + 3);
            assertThat(note.getCell(0).getStringCellValue()).startsWith("Rejected records");
            assertThat(note.getCell(3).getNumericCellValue()).isEqualTo(expected.size());
            java.util.Map<String, Integer> noted = new java.util.TreeMap<>();
            for (int r = note.getRowNum() + 1; summary.getRow(r) != null; r++) {
                noted.put(summary.getRow(r).getCell(1).getStringCellValue(),
                        (int) summary.getRow(r).getCell(3).getNumericCellValue());
            }
            assertThat(noted).isEqualTo(byReason);
        }
    }

    @Test
    void formulaLikeCoversTheCharactersSpreadsheetsEvaluate() {
        assertThat(List.of("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx")).allMatch(Cells::formulaLike);
        assertThat(List.of("C-10021", "", "1-2", "a=b")).noneMatch(Cells::formulaLike);
    }

    private static XSSFWorkbook workbook(String firm) throws IOException {
        return open(out.resolve("reports").resolve(firm).resolve(MarginWorkbook.FILE_NAME));
    }

    private static XSSFWorkbook open(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new XSSFWorkbook(in);
        }
    }

    /** Summary's account rows: from the row under the header to the firm's total. */
    private static List<Row> accountRows(Sheet summary) {
        List<Row> rows = new ArrayList<>();
        for (int r = MarginWorkbook.SUMMARY_HEADER + 1; !total(summary.getRow(r)); r++) {
            rows.add(summary.getRow(r));
        }
        return rows;
    }

    private static String seriesTitle(XSSFChart chart, int series) {
        return chart.getCTChart().getPlotArea().getBarChartArray(0).getSerArray(series).getTx().getV();
    }

    private static boolean total(Row row) {
        return row.getCell(0).getStringCellValue().startsWith("Total (");
    }

    private static List<String> header(Sheet s) {
        return header(s, 0);
    }

    private static List<String> header(Sheet s, int row) {
        List<String> h = new ArrayList<>();
        s.getRow(row).forEach(c -> h.add(c.getStringCellValue()));
        return h;
    }
}
