package io.concord.report;

import com.fasterxml.jackson.databind.MappingIterator;
import io.concord.bench.FeedGenerator;
import io.concord.gateway.RunSummary;
import io.concord.gateway.runtime.ConcordConfig;
import io.concord.gateway.runtime.Gateway;
import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.collateral.CollateralValuation;
import io.concord.margin.engine.AccountMargin;
import io.concord.margin.engine.MarginReport;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.engine.MarginSink;
import io.concord.model.Position;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workbooks' rows written as XML ({@link RowXml} in a {@link StreamingWorkbook}) against SXSSF writing the same
 * cells itself, the writer the margin workbooks used before: the same bytes in every entry of the file for hostile
 * text and edge numbers (the spliced, pre-deflated entries with the right CRC-32 and sizes), and the same cells (values, types, styles) in a workbook {@code process} writes of a
 * generated book, past SXSSF's row window and the writer's buffer.
 */
class StreamingWorkbookTest {

    private static final String[] COLUMNS = {"Text", "Number", "Label", "Amount", "Percent", "More text", "Quantity"};
    private static final int[] WIDTHS = {20, 12, 40, 16, 10, 30, 12};
    private static final int ROWS = 5_000;

    private static final String LONG = "x".repeat(40_000);
    /** Escapes, two-, three- and four-byte characters over more bytes than the writer's 64 KB buffer holds. */
    private static final String LONG_MIXED = "a<&\u00e9\u4e2d\uD83D\uDE00\u00A0\"\n".repeat(2_900);
    private static final List<String> TEXTS = List.of("plain", "", " leading space", "trailing tab\t",
            "=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@sum", "a<b>&\"c\"'d", "line\nbreak\r\ttab",
            "no\u00A0break", "control \u0001\u001f chars", "caf\u00e9 \u00fc \u4e2d\u6587 \u20ac", "emoji \uD83D\uDE00!",
            "lone \uD800 high", "lone \uDC00 low", "end high \uD83D", "\uFFFE\uFFFF not characters", "\u007f del",
            LONG, "\u2028 line separator", "\u0085 next line", LONG_MIXED);
    private static final List<BigDecimal> NUMBERS = List.of(BigDecimal.ZERO, BigDecimal.ONE, new BigDecimal("-1"),
            new BigDecimal("0.1"), new BigDecimal("1234567.89"), new BigDecimal("9999999"), new BigDecimal("10000000"),
            new BigDecimal("-9999999"), new BigDecimal("0.0000001"), new BigDecimal("123456789012345678"),
            new BigDecimal("1E+400"), new BigDecimal("-1E+400"), new BigDecimal("12.50"), new BigDecimal("-0.00"),
            new BigDecimal("4503599627370497"), new BigDecimal("1E-320"), new BigDecimal("2.5E+15"));

    @TempDir
    Path tmp;

    @Test
    void rowsAreTheBytesSxssfWritesForTheSameCells() throws IOException {
        Path expected = write(false);
        Path actual = write(true);
        Map<String, byte[]> want = entries(expected);
        Map<String, byte[]> got = entries(actual);
        assertThat(checked(actual)).as("entries read with their CRC and sizes checked").isEqualTo(got.size());
        assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
        for (String name : want.keySet()) {
            if (!name.equals("docProps/core.xml")) { // its creation time
                assertThat(new String(got.get(name), java.nio.charset.StandardCharsets.UTF_8)).as(name)
                        .isEqualTo(new String(want.get(name), java.nio.charset.StandardCharsets.UTF_8));
                assertThat(got.get(name)).as(name).isEqualTo(want.get(name));
            }
        }
        try (InputStream in = Files.newInputStream(actual); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet sheet = wb.getSheet("Rows");
            assertThat(sheet.getLastRowNum()).isEqualTo(ROWS);
            Row row = sheet.getRow(4);
            assertThat(row.getCell(0).getStringCellValue()).isEqualTo(TEXTS.get(4));
            assertThat(row.getCell(0).getCellStyle().getQuotePrefixed()).isTrue();
            assertThat(row.getCell(2).getCellStyle().getIndention()).isEqualTo((short) 4);
            assertThat(row.getCell(3).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(row.getCell(3).getCellStyle().getDataFormatString()).isEqualTo(Cells.AMOUNT_FORMAT);
            assertThat(sheet.getRow(11).getCell(1).getCellType()).isEqualTo(CellType.ERROR); // 1E+400: #DIV/0!
            assertThat(sheet.getRow(ROWS).getCell(6).getNumericCellValue()).isEqualTo(ROWS);
        }
    }

    /** The Rows sheet of {@link #ROWS} rows as SXSSF writes it, or as RowXml does ({@code direct}). */
    private Path write(boolean direct) throws IOException {
        XSSFWorkbook template = new XSSFWorkbook();
        Cells cells = new Cells(template);
        SXSSFWorkbook wb = direct ? new StreamingWorkbook(template, 200) : new SXSSFWorkbook(template, 200);
        try {
            SXSSFSheet sheet = wb.createSheet("Rows");
            cells.header(sheet, COLUMNS, WIDTHS);
            RowXml xml = direct ? ((StreamingWorkbook) wb).rows(sheet, COLUMNS.length) : null;
            for (int r = 1; r <= ROWS; r++) {
                String text = r % 7 == 6 ? null : TEXTS.get(r % TEXTS.size());
                BigDecimal number = r % 5 == 4 ? null : NUMBERS.get(r % NUMBERS.size());
                String label = TEXTS.get((r * 3) % TEXTS.size());
                int depth = r % 20;
                BigDecimal amount = NUMBERS.get((r + 3) % NUMBERS.size()).multiply(BigDecimal.valueOf(r));
                BigDecimal percent = BigDecimal.valueOf(r % 100).movePointLeft(2);
                String more = r % 2 == 0 ? "account " + r : null;
                if (direct) {
                    xml.row(r);
                    text(xml, cells, 0, text);
                    xml.number(1, number, cells.quantity().getIndex());
                    xml.text(2, Cells.fit(label), cells.indentedStyle(label, depth).getIndex());
                    xml.number(3, amount, cells.amount().getIndex());
                    xml.number(4, percent, cells.percent().getIndex());
                    text(xml, cells, 5, more);
                    xml.number(6, r, cells.quantity().getIndex());
                    xml.end();
                } else {
                    Row row = sheet.createRow(r);
                    cells.text(row, 0, text);
                    Cells.number(row, 1, number, cells.quantity());
                    cells.indented(row, 2, label, depth);
                    Cells.number(row, 3, amount, cells.amount());
                    Cells.number(row, 4, percent, cells.percent());
                    cells.text(row, 5, more);
                    Cells.number(row, 6, BigDecimal.valueOf(r), cells.quantity());
                }
            }
            Cells.finish(sheet, COLUMNS.length, ROWS);
            Path file = tmp.resolve(direct ? "direct.xlsx" : "sxssf.xlsx");
            try (OutputStream os = Files.newOutputStream(file)) {
                wb.write(os);
            }
            return file;
        } finally {
            wb.dispose();
            wb.close();
        }
    }

    private static void text(RowXml xml, Cells cells, int column, String value) {
        if (value != null) {
            xml.text(column, Cells.fit(value), cells.textStyle(value).getIndex());
        }
    }

    /** The entries whose CRC-32 and sizes in the zip's directory are those of their content. */
    private static int checked(Path file) throws IOException {
        int n = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                byte[] content;
                try (InputStream in = zip.getInputStream(e)) {
                    content = in.readAllBytes();
                }
                if (e.getCrc() == crc(content) && e.getSize() == content.length && e.getCompressedSize() > 0) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void combinesCrcsAsOneOverTheWhole() {
        byte[] a = "<worksheet><sheetData>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] b = "<row r=\"2\"></row>\n".repeat(10_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.zip.CRC32 whole = new java.util.zip.CRC32();
        whole.update(a);
        whole.update(b);
        assertThat(StreamingWorkbook.combine(crc(a), crc(b), b.length)).isEqualTo(whole.getValue());
        assertThat(StreamingWorkbook.combine(crc(a), 0, 0)).isEqualTo(crc(a));
    }

    private static long crc(byte[] data) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(data);
        return c.getValue();
    }

    private static Map<String, byte[]> entries(Path file) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }

    /**
     * A generated book (the bench's generator: 3,000 broker-dealer positions over 20 accounts, one firm) through
     * {@code process}: its workbook's Positions, Margin and Collateral sheets hold, cell by cell, what SXSSF writes
     * of the same positions and margins with the cell code the workbook had before.
     */
    @Test
    void aProcessedGeneratedBookHasTheCellsSxssfWrites() throws Exception {
        Path feeds = tmp.resolve("feeds");
        new FeedGenerator(20261120L).secPositions(feeds.resolve("positions.csv"), 3_000, 20);
        Path out = tmp.resolve("out");
        RunSummary s = Gateway.process(ConcordConfig.defaults(), Gateway.standardRun(out, null, Path.of("mappings"),
                null), Gateway.expand(List.of(feeds)));
        assertThat(s.internalErrors()).isEmpty();
        MarginReport report = Json.MAPPER.readValue(out.resolve("margin/margin.json").toFile(), MarginReport.class);
        List<Position> book = new ArrayList<>();
        try (MappingIterator<Position> it = Json.MAPPER.readerFor(Position.class)
                .readValues(out.resolve("book/positions.jsonl").toFile())) {
            it.forEachRemaining(book::add);
        }
        Path written;
        try (Stream<Path> files = Files.walk(out.resolve("reports"))) {
            written = files.filter(p -> p.getFileName().toString().equals(MarginWorkbook.FILE_NAME)).findFirst()
                    .orElseThrow();
        }
        Path legacy = tmp.resolve("legacy.xlsx");
        Legacy sink = new Legacy();
        MarginReplay.replay(report, book, sink);
        sink.write(legacy);
        try (InputStream a = Files.newInputStream(written); XSSFWorkbook actual = new XSSFWorkbook(a);
             InputStream b = Files.newInputStream(legacy); XSSFWorkbook expected = new XSSFWorkbook(b)) {
            for (String name : List.of("Positions", "Margin", "Collateral")) {
                assertThat(cells(actual.getSheet(name))).as(name).isEqualTo(cells(expected.getSheet(name)));
            }
            assertThat(cells(actual.getSheet("Positions"))).hasSize(book.size());
            assertThat(cells(actual.getSheet("Margin"))).hasSizeGreaterThan(250);
        }
    }

    /** Each row under the header as text: per cell its column, type, value and style (format, indent, quote prefix). */
    private static List<String> cells(Sheet sheet) {
        List<String> rows = new ArrayList<>();
        for (Row row : sheet) {
            if (row.getRowNum() == 0) {
                continue;
            }
            StringBuilder sb = new StringBuilder().append(row.getRowNum()).append(':');
            for (Cell c : row) {
                CellStyle st = c.getCellStyle();
                sb.append(" [").append(c.getColumnIndex()).append(' ').append(c.getCellType()).append(' ')
                        .append(switch (c.getCellType()) {
                            case NUMERIC -> Double.toString(c.getNumericCellValue());
                            case STRING -> c.getStringCellValue();
                            default -> c.toString();
                        }).append(" | ").append(st.getDataFormatString()).append(' ').append(st.getIndention())
                        .append(' ').append(st.getQuotePrefixed()).append(']');
            }
            rows.add(sb.toString());
        }
        return rows;
    }

    /** The three sheets written with SXSSF rows and cells, as MarginWorkbook wrote them before. */
    private static final class Legacy implements MarginSink {
        private final XSSFWorkbook template = new XSSFWorkbook();
        private final Cells cells = new Cells(template);
        private final SXSSFWorkbook wb;
        private final Sheet positions;
        private final Sheet margin;
        private final Sheet collateral;
        private int p = 1;
        private int m = 1;
        private int c = 1;

        Legacy() {
            template.createSheet("Summary");
            wb = new SXSSFWorkbook(template, 200);
            positions = wb.createSheet("Positions");
            margin = wb.createSheet("Margin");
            collateral = wb.createSheet("Collateral");
        }

        @Override
        public void begin(MarginRun run) {
        }

        @Override
        public void account(MarginAccount account, AccountMargin a, List<Position> ps) {
            ps.forEach(this::position);
            if (a != null) {
                var h = a.harmonized();
                for (AccountMargin.SiloMargin s : a.silos()) {
                    explain(a, s.silo(), s.explain(), 0);
                }
                if (h != null && h.eligible()) {
                    explain(a, "HARMONIZED", h.explain(), 0);
                }
                for (CollateralValuation v : a.collateral().lines()) {
                    collateral(a, v);
                }
            }
        }

        @Override
        public void end() {
        }

        void write(Path file) throws IOException {
            try (OutputStream os = Files.newOutputStream(file)) {
                wb.write(os);
            } finally {
                wb.dispose();
                wb.close();
            }
        }

        private void position(Position x) {
            Row row = positions.createRow(p++);
            cells.text(row, 0, x.asOf().toString());
            cells.text(row, 1, x.account());
            cells.text(row, 2, x.segregationClass().name());
            cells.text(row, 3, x.product().taxonomy());
            cells.text(row, 4, x.product().agency() == null ? null : x.product().agency().name());
            cells.text(row, 5, x.product().ids().exchange());
            cells.text(row, 6, x.product().ids().contractCode());
            cells.text(row, 7, x.product().ids().isin());
            cells.text(row, 8, x.product().ids().cusip());
            cells.text(row, 9, x.product().expiry() == null ? null : x.product().expiry().toString());
            Cells.number(row, 10, x.product().strike(), cells.quantity());
            cells.text(row, 11, x.product().putCall() == null ? null : x.product().putCall().name());
            Cells.number(row, 12, x.longQty(), cells.quantity());
            Cells.number(row, 13, x.shortQty(), cells.quantity());
            Cells.number(row, 14, x.netQty(), cells.quantity());
            Cells.number(row, 15, x.price(), cells.quantity());
            Cells.number(row, 16, x.marketValue(), cells.amount());
            cells.text(row, 17, x.product().currency());
            cells.text(row, 18, x.location());
            cells.text(row, 19, x.action() == null ? null : x.action().name());
            cells.text(row, 20, x.lineage().feed());
            cells.text(row, 21, x.lineage().file());
            Cells.number(row, 22, BigDecimal.valueOf(x.lineage().record()), cells.quantity());
            cells.text(row, 23, x.lineage().location());
            cells.text(row, 24, x.lineage().submissionId());
            cells.text(row, 25, x.lineage().mappingId());
            Cells.number(row, 26, x.lineage().mappingVersion() == null ? null
                    : BigDecimal.valueOf(x.lineage().mappingVersion()), cells.quantity());
        }

        private void explain(AccountMargin a, String silo, Explain e, int depth) {
            Row row = margin.createRow(m++);
            cells.text(row, 0, a.account());
            cells.text(row, 1, a.segregationClass().name());
            cells.text(row, 2, silo);
            Cells.number(row, 3, BigDecimal.valueOf(depth), cells.quantity());
            cells.indented(row, 4, e.label(), depth);
            Cells.number(row, 5, e.amount(), cells.amount());
            cells.text(row, 6, e.basis());
            for (Explain ch : e.children()) {
                explain(a, silo, ch, depth + 1);
            }
        }

        private void collateral(AccountMargin a, CollateralValuation v) {
            Row row = collateral.createRow(c++);
            cells.text(row, 0, a.account());
            cells.text(row, 1, a.segregationClass().name());
            cells.text(row, 2, v.assetClass());
            cells.text(row, 3, v.asset());
            cells.text(row, 4, v.direction());
            cells.text(row, 5, v.purpose());
            cells.text(row, 6, v.currency());
            Cells.number(row, 7, v.marketValue(), cells.amount());
            Cells.number(row, 8, v.haircutPct() == null ? null : v.haircutPct().movePointLeft(2), cells.percent());
            Cells.number(row, 9, v.postHaircut(), cells.amount());
            cells.text(row, 10, v.counted() ? "yes" : "no");
            cells.text(row, 11, v.basis());
            cells.text(row, 12, v.file());
            cells.text(row, 13, v.location());
        }
    }
}
