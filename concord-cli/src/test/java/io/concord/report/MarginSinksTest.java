package io.concord.report;

import io.concord.gateway.cli.ProcessCommand;
import com.fasterxml.jackson.databind.MappingIterator;
import io.concord.gateway.cli.CliRun;
import io.concord.margin.engine.AccountMargin;
import io.concord.margin.engine.MarginReport;
import io.concord.margin.engine.MarginSink;
import io.concord.model.Position;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The margin report writers as sinks, fed one account at a time as the margin engine gives a run (account order, each
 * account's margin and its positions of every date), against the files {@code concord process fixtures} wrote: the
 * same XML bytes, the same workbook cells. A firm whose accounts hold only earlier dates gets no report.
 */
class MarginSinksTest {

    /** The fixtures' firms whose only positions are of 2026-10-31, before the date margined (2026-11-20). */
    private static final List<String> EARLIER_ONLY = List.of("549300LARKSPURFND013", "549300MERIDIANBND082");
    private static final String LARKSPUR = "549300LARKSPURSEC059";

    @TempDir
    static Path out;

    @TempDir
    Path sunk;

    private static MarginReport report;
    private static List<Position> book;

    @BeforeAll
    static void processTheFixtures() throws IOException {
        CliRun r = CliRun.of("process", "--out", out.toString(), "fixtures");
        assertThat(r.code()).as(r.err()).isEqualTo(ProcessCommand.EXIT_REJECTED); // fixtures/bad/ is rejected
        report = Json.MAPPER.readValue(out.resolve("margin/margin.json").toFile(), MarginReport.class);
        book = new ArrayList<>();
        try (MappingIterator<Position> it = Json.MAPPER.readerFor(Position.class)
                .readValues(out.resolve("book/positions.jsonl").toFile())) {
            it.forEachRemaining(book::add);
        }
    }

    /** The run's exceptions split by firm, as StateOutputs splits them, under the sinks' folder. */
    private FirmExceptions rejected() {
        return FirmExceptions.split(out.resolve("exceptions.jsonl"), sunk);
    }

    @Test
    void theXmlSinkWritesTheBytesProcessWrote() throws IOException {
        MarginReportXml.Sink sink = MarginReportXml.sink(sunk);
        feed(sink, book);
        List<Path> written = files(out.resolve("reports"), MarginReportXml.FILE_NAME);
        assertThat(written).hasSizeGreaterThan(5);
        assertThat(sink.files().keySet()).containsExactlyInAnyOrderElementsOf(firms(written));
        for (Path f : written) {
            // the Stress elements come from the stress run, which a replay of margin.json has not got
            String expected = Files.readString(f).replaceAll("(?s)\\s*<Stress>.*?</Stress>", "");
            assertThat(Files.readString(sink.files().get(f.getParent().getFileName().toString()))).as(f.toString())
                    .isEqualTo(expected);
        }
    }

    @Test
    void theWorkbookSinkWritesTheCellsProcessWrote() throws IOException {
        MarginWorkbook.Sink sink = MarginWorkbook.sink(rejected(), sunk);
        feed(sink, book);
        List<Path> written = files(out.resolve("reports"), MarginWorkbook.FILE_NAME);
        assertThat(written).hasSizeGreaterThan(5);
        assertThat(sink.files().keySet()).containsExactlyInAnyOrderElementsOf(firms(written));
        for (Path f : written) {
            Map<String, List<String>> expected = cells(f);
            // the stress sheets come from the stress run, which a replay of margin.json has not got
            expected.keySet().removeAll(List.of(StressSheets.SHEET, StressSheets.ACCOUNTS));
            assertThat(cells(sink.files().get(f.getParent().getFileName().toString())))
                    .as(f.toString()).isEqualTo(expected);
            assertThat(expected.get("Positions")).hasSizeGreaterThan(1);
        }
    }

    /**
     * A firm whose accounts hold only earlier dates gets no margin report; it gets a workbook only when it sent
     * rejected records, which the workbook lists (Larkspur's fund: a bad CUSIP, a missing field ...).
     */
    @Test
    void aFirmWhoseAccountsHoldOnlyEarlierDatesGetsNoReportButSeesItsRejectedRecords() throws IOException {
        assertThat(book).extracting(Position::firmLei).as("the fixtures book them").containsAll(EARLIER_ONLY);
        assertThat(report.accounts()).extracting(AccountMargin::firm).doesNotContainAnyElementsOf(EARLIER_ONLY);
        FirmExceptions rejected = rejected();
        String withRejected = EARLIER_ONLY.get(0);
        String without = EARLIER_ONLY.get(1);
        assertThat(rejected.count(withRejected)).isEqualTo(5);
        assertThat(rejected.count(without)).isZero();
        MarginReportXml.Sink xml = MarginReportXml.sink(sunk);
        MarginWorkbook.Sink workbook = MarginWorkbook.sink(rejected, sunk);
        feed(MarginSink.all(List.of(xml, workbook)), book);
        assertThat(xml.files()).isNotEmpty().doesNotContainKeys(EARLIER_ONLY.toArray(String[]::new));
        assertThat(workbook.files()).isNotEmpty().containsKey(withRejected).doesNotContainKey(without);
        assertThat(sunk.resolve(without)).doesNotExist();
        Map<String, List<String>> sheets = cells(workbook.files().get(withRejected));
        assertThat(sheets.get("Exceptions")).as("header, five rows, filter").hasSize(1 + 5 + 1);
        // the firm, date and versions (5 rows), the header, then no account row: a zero total, and the count of
        // rejected records
        assertThat(sheets.get("Summary").get(6)).startsWith("|0=STRING:Total (0 accounts)");
        assertThat(sheets.get("Summary").get(7)).as("no account row: the count of rejected records follows")
                .startsWith("|0=STRING:Rejected records").contains("|3=NUMERIC:5.0 ");
        assertThat(sheets.get("Summary").get(sheets.get("Summary").size() - 1)).endsWith("charts 0");
    }

    /**
     * An account of Larkspur holding only earlier dates comes before the firm's first margined account: its
     * positions are in the Positions sheet, and it is not in Summary.
     */
    @Test
    void earlierDatesOfAnAccountBeforeTheFirmsFirstMarginedOneAreInPositions() throws IOException {
        List<Position> larkspur = book.stream().filter(p -> p.firmLei().equals(LARKSPUR)).toList();
        List<Position> earlier = larkspur.stream().map(p -> new Position(p.firmLei(), "0-EARLIER",
                p.segregationClass(), p.product(), p.longQty(), p.shortQty(), p.quantities(), p.price(),
                p.marketValue(), p.asOf().minusMonths(1), p.location(), p.action(), p.lineage())).toList();
        List<Position> positions = new ArrayList<>(larkspur);
        positions.addAll(earlier);
        MarginWorkbook.Sink sink = MarginWorkbook.sink(rejected(), sunk);
        feed(sink, positions);

        Map<String, List<String>> sheets = cells(sink.files().get(LARKSPUR));
        Map<String, List<String>> before = cells(out.resolve("reports").resolve(LARKSPUR)
                .resolve(MarginWorkbook.FILE_NAME));
        assertThat(sheets.get("Summary")).isEqualTo(before.get("Summary")).noneMatch(r -> r.contains("0-EARLIER"));
        List<String> rows = sheets.get("Positions");
        assertThat(rows).hasSize(before.get("Positions").size() + earlier.size());
        assertThat(rows.subList(1, 1 + earlier.size())).as("account order: it comes first")
                .allMatch(r -> r.contains("|1=STRING:0-EARLIER "));
        List<String> larkspurRows = before.get("Positions");
        assertThat(rows).containsAll(larkspurRows.subList(0, larkspurRows.size() - 1));
    }

    /**
     * A sheet that reaches the row limit goes on in another with the header, right after it, and no row is lost:
     * Larkspur's sheets cut at 5 rows each (a firm of a million positions has more explain rows than Excel's
     * 1,048,576).
     */
    @Test
    void aSheetOverTheRowLimitGoesOnInTheNextSheet() throws IOException {
        MarginWorkbook.Sink sink = MarginWorkbook.sink(rejected(), sunk, 5);
        feed(sink, book.stream().filter(p -> p.firmLei().equals(LARKSPUR)).toList());
        Path cut = sink.files().get(LARKSPUR);
        Map<String, List<String>> whole = cells(out.resolve("reports").resolve(LARKSPUR)
                .resolve(MarginWorkbook.FILE_NAME));
        Map<String, List<String>> sheets = cells(cut);
        for (String name : List.of("Positions", "Margin")) {
            List<String> continued = new ArrayList<>();
            List<String> names = new ArrayList<>(sheets.keySet());
            int first = names.indexOf(name);
            for (int i = first; i < names.size() && (names.get(i).equals(name)
                    || names.get(i).startsWith(name + " (")); i++) {
                List<String> rows = sheets.get(names.get(i));
                assertThat(rows.get(0)).as("header of " + names.get(i)).isEqualTo(whole.get(name).get(0));
                // header, at most 5 rows, and the sheet's filter line (see cells)
                assertThat(rows.size()).as(names.get(i)).isBetween(3, 7);
                assertThat(rows.get(rows.size() - 1)).startsWith("filter A1:");
                continued.addAll(rows.subList(1, rows.size() - 1));
            }
            assertThat(names.get(first + 1)).isEqualTo(name + " (2)");
            List<String> expected = whole.get(name);
            assertThat(continued).as(name + " across its sheets")
                    .isEqualTo(expected.subList(1, expected.size() - 1));
        }
    }

    /**
     * Gives {@code sink} the fixtures' run as the margin engine does ({@link MarginReplay}): every account with a
     * margin or a position in account order, with its margin (null when it has positions of earlier dates only) and
     * its positions.
     */
    private static void feed(MarginSink sink, Collection<Position> positions) {
        MarginReplay.replay(report, positions, sink);
    }

    /** Each sheet's rows: per cell its column, type, value, number format, quote prefix and indent. */
    private static Map<String, List<String>> cells(Path xlsx) throws IOException {
        Map<String, List<String>> sheets = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            for (Sheet s : wb) {
                List<String> rows = new ArrayList<>();
                for (Row row : s) {
                    StringBuilder b = new StringBuilder("|");
                    for (Cell c : row) {
                        b.append(c.getColumnIndex()).append('=').append(c.getCellType()).append(':')
                                .append(c.getCellType() == CellType.NUMERIC ? String.valueOf(c.getNumericCellValue())
                                        : c.getStringCellValue())
                                .append(' ').append(c.getCellStyle().getDataFormatString())
                                .append(c.getCellStyle().getQuotePrefixed() ? " quoted" : "")
                                .append(" indent ").append(c.getCellStyle().getIndention()).append('|');
                    }
                    rows.add(b.toString());
                }
                XSSFSheet x = (XSSFSheet) s;
                rows.add("filter " + x.getCTWorksheet().getAutoFilter().getRef() + ", charts "
                        + (x.getDrawingPatriarch() == null ? 0 : x.getDrawingPatriarch().getCharts().size()));
                sheets.put(s.getSheetName(), rows);
            }
        }
        return sheets;
    }

    private static List<Path> files(Path dir, String name) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).sorted().toList();
        }
    }

    private static List<String> firms(List<Path> files) {
        return files.stream().map(p -> p.getParent().getFileName().toString()).toList();
    }
}
