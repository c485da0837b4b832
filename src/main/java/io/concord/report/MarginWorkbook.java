package io.concord.report;

import com.fasterxml.jackson.databind.MappingIterator;
import io.concord.margin.AccountMargin;
import io.concord.margin.Explain;
import io.concord.margin.MarginReport;
import io.concord.margin.collateral.CollateralValuation;
import io.concord.model.Position;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reports/<firm-LEI>/margin-report.xlsx}: one firm's margin, positions, collateral and exceptions as an Excel
 * workbook, from the same {@link MarginReport} as margin.json (nothing is recomputed). {@code Summary} is an XSSF
 * sheet with a bar chart; the other sheets stream through SXSSF, which wraps the XSSF workbook holding Summary.
 * A text cell that spreadsheet software would read as a formula is written quote-prefixed, so it shows as text.
 */
public final class MarginWorkbook {

    public static final String FILE_NAME = "margin-report.xlsx";
    public static final List<String> SHEETS = List.of("Summary", "Positions", "Margin", "Collateral", "Exceptions");
    /** Rows SXSSF keeps in memory per streaming sheet. */
    private static final int WINDOW = 200;

    private final Cells cells;
    private final CellStyle amount;
    private final CellStyle percent;
    private final CellStyle quantity;

    private MarginWorkbook(Workbook workbook) {
        cells = new Cells(workbook);
        amount = cells.amount();
        percent = cells.percent();
        quantity = cells.quantity();
    }

    /**
     * Writes one workbook per firm of {@code report} under {@code reportsDir}: the firm's accounts, its booked
     * {@code positions}, and the rows of {@code exceptionsJsonl} whose attributes carry the firm's LEI. Returns the
     * files by firm LEI.
     */
    public static Map<String, Path> write(MarginReport report, Collection<Position> positions, Path exceptionsJsonl,
                                          Path reportsDir) {
        Map<String, Path> files = new LinkedHashMap<>();
        report.accountsByFirm().forEach((firm, accounts) -> {
            Path file = reportsDir.resolve(firm).resolve(FILE_NAME);
            writeFirm(firm, accounts, positions, exceptionsJsonl, file);
            files.put(firm, file);
        });
        return files;
    }

    private static void writeFirm(String firm, List<AccountMargin> accounts, Collection<Position> positions,
                                  Path exceptionsJsonl, Path file) {
        try {
            Files.createDirectories(file.getParent());
            XSSFWorkbook template = new XSSFWorkbook();
            MarginWorkbook w = new MarginWorkbook(template);
            w.summary(template.createSheet(SHEETS.get(0)), accounts);
            try (SXSSFWorkbook streaming = new SXSSFWorkbook(template, WINDOW);
                 OutputStream os = Files.newOutputStream(file)) {
                w.positions(streaming.createSheet(SHEETS.get(1)), firm, positions);
                w.margin(streaming.createSheet(SHEETS.get(2)), accounts);
                w.collateral(streaming.createSheet(SHEETS.get(3)), accounts);
                w.exceptions(streaming.createSheet(SHEETS.get(4)), firm, exceptionsJsonl);
                streaming.write(os);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void summary(XSSFSheet sheet, List<AccountMargin> accounts) {
        header(sheet, new String[] {"Account", "Segregation class", "Silos", "Siloed total (USD)",
                "Harmonized total (USD)", "Saving (USD)", "Harmonized portfolio", "Collateral market value (USD)",
                "Collateral post-haircut (USD)", "Excess / deficit (USD)", "Unmargined positions"},
                new int[] {24, 22, 28, 20, 20, 18, 30, 24, 24, 20, 12});
        int r = 1;
        for (AccountMargin a : accounts) {
            Row row = sheet.createRow(r++);
            text(row, 0, a.account());
            text(row, 1, a.segregationClass().name());
            text(row, 2, String.join(", ", a.silos().stream().map(AccountMargin.SiloMargin::silo).toList()));
            number(row, 3, a.siloedTotal(), amount);
            var h = a.harmonized();
            number(row, 4, h == null ? a.siloedTotal() : h.total(), amount);
            number(row, 5, h == null ? BigDecimal.ZERO : h.saving(), amount);
            text(row, 6, h == null || !h.eligible() ? "not eligible" : h.portfolio().customer()
                    + (h.savingCapped() ? " (saving capped)" : ""));
            number(row, 7, a.collateral().marketValue(), amount);
            number(row, 8, a.collateral().postHaircut(), amount);
            number(row, 9, a.excessDeficit(), amount);
            number(row, 10, BigDecimal.valueOf(a.unmargined().size()), quantity);
        }
        finish(sheet, 11, r - 1);
        chart(sheet, accounts.size());
    }

    /**
     * A bar chart of the siloed (column D) and harmonized (column E) totals per account (column A), to the right of
     * the table.
     */
    private static void chart(XSSFSheet sheet, int accounts) {
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0, 12, 1, 24, 26));
        chart.setTitleText("Siloed and harmonized requirement per account (USD)");
        chart.setTitleOverlay(false);
        XDDFCategoryAxis bottom = chart.createCategoryAxis(AxisPosition.BOTTOM);
        bottom.setTitle("Account");
        XDDFValueAxis left = chart.createValueAxis(AxisPosition.LEFT);
        left.setTitle("USD");
        left.setCrosses(AxisCrosses.AUTO_ZERO);
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, bottom, left);
        data.setBarDirection(BarDirection.COL);
        var categories = XDDFDataSourcesFactory.fromStringCellRange(sheet, new CellRangeAddress(1, accounts, 0, 0));
        data.addSeries(categories, XDDFDataSourcesFactory.fromNumericCellRange(sheet,
                new CellRangeAddress(1, accounts, 3, 3))).setTitle("Siloed total", null);
        data.addSeries(categories, XDDFDataSourcesFactory.fromNumericCellRange(sheet,
                new CellRangeAddress(1, accounts, 4, 4))).setTitle("Harmonized total", null);
        chart.plot(data);
    }

    private void positions(Sheet sheet, String firm, Collection<Position> positions) {
        header(sheet, new String[] {"As of", "Account", "Segregation class", "Taxonomy", "Agency", "Exchange",
                        "Contract", "ISIN", "CUSIP", "Expiry", "Strike", "Put/call", "Long qty", "Short qty",
                        "Net qty", "Price", "Market value", "Currency", "Custody location", "Action", "Feed", "File",
                        "Record", "Location in file", "Submission", "Mapping id", "Mapping version"},
                new int[] {11, 20, 20, 26, 8, 9, 10, 14, 11, 11, 10, 8, 12, 12, 12, 12, 16, 9, 12, 9, 20, 36, 8, 30,
                        34, 30, 9});
        int r = 1;
        for (Position p : positions) {
            if (!p.firmLei().equals(firm)) {
                continue;
            }
            Row row = sheet.createRow(r++);
            text(row, 0, p.asOf().toString());
            text(row, 1, p.account());
            text(row, 2, p.segregationClass().name());
            text(row, 3, p.product().taxonomy());
            text(row, 4, p.product().agency() == null ? null : p.product().agency().name());
            text(row, 5, p.product().ids().exchange());
            text(row, 6, p.product().ids().contractCode());
            text(row, 7, p.product().ids().isin());
            text(row, 8, p.product().ids().cusip());
            text(row, 9, p.product().expiry() == null ? null : p.product().expiry().toString());
            number(row, 10, p.product().strike(), quantity);
            text(row, 11, p.product().putCall() == null ? null : p.product().putCall().name());
            number(row, 12, p.longQty(), quantity);
            number(row, 13, p.shortQty(), quantity);
            number(row, 14, p.netQty(), quantity);
            number(row, 15, p.price(), quantity);
            number(row, 16, p.marketValue(), amount);
            text(row, 17, p.product().currency());
            text(row, 18, p.location());
            text(row, 19, p.action() == null ? null : p.action().name());
            text(row, 20, p.lineage().feed());
            text(row, 21, p.lineage().file());
            number(row, 22, BigDecimal.valueOf(p.lineage().record()), quantity);
            text(row, 23, p.lineage().location());
            text(row, 24, p.lineage().submissionId());
            text(row, 25, p.lineage().mappingId());
            number(row, 26, p.lineage().mappingVersion() == null ? null
                    : BigDecimal.valueOf(p.lineage().mappingVersion()), quantity);
        }
        finish(sheet, 27, r - 1);
    }

    private void margin(Sheet sheet, List<AccountMargin> accounts) {
        header(sheet, new String[] {"Account", "Segregation class", "Silo", "Depth", "Label", "Amount (USD)", "Basis"},
                new int[] {20, 20, 12, 7, 60, 18, 100});
        int[] r = {1};
        for (AccountMargin a : accounts) {
            for (AccountMargin.SiloMargin s : a.silos()) {
                explain(sheet, r, a, s.silo(), s.explain(), 0);
            }
            if (a.harmonized() != null && a.harmonized().eligible()) {
                explain(sheet, r, a, "HARMONIZED", a.harmonized().explain(), 0);
            }
        }
        finish(sheet, 7, r[0] - 1);
    }

    private void explain(Sheet sheet, int[] r, AccountMargin a, String silo, Explain e, int depth) {
        Row row = sheet.createRow(r[0]++);
        text(row, 0, a.account());
        text(row, 1, a.segregationClass().name());
        text(row, 2, silo);
        number(row, 3, BigDecimal.valueOf(depth), quantity);
        cells.indented(row, 4, e.label(), depth);
        number(row, 5, e.amount(), amount);
        text(row, 6, e.basis());
        for (Explain c : e.children()) {
            explain(sheet, r, a, silo, c, depth + 1);
        }
    }

    private void collateral(Sheet sheet, List<AccountMargin> accounts) {
        header(sheet, new String[] {"Account", "Segregation class", "Asset class", "Asset", "Direction", "Purpose",
                        "Currency", "Market value (USD)", "Haircut", "Post-haircut (USD)", "Counted",
                        "Eligibility / basis", "File", "Location"},
                new int[] {20, 20, 26, 16, 10, 9, 9, 18, 9, 18, 8, 80, 36, 30});
        int r = 1;
        for (AccountMargin a : accounts) {
            for (CollateralValuation v : a.collateral().lines()) {
                Row row = sheet.createRow(r++);
                text(row, 0, a.account());
                text(row, 1, a.segregationClass().name());
                text(row, 2, v.assetClass());
                text(row, 3, v.asset());
                text(row, 4, v.direction());
                text(row, 5, v.purpose());
                text(row, 6, v.currency());
                number(row, 7, v.marketValue(), amount);
                // haircutPct is in percent (15.00 = 15 %); the cell holds the fraction under a percent format
                number(row, 8, v.haircutPct() == null ? null : v.haircutPct().movePointLeft(2), percent);
                number(row, 9, v.postHaircut(), amount);
                text(row, 10, v.counted() ? "yes" : "no");
                text(row, 11, v.basis());
                text(row, 12, v.file());
                text(row, 13, v.location());
            }
        }
        finish(sheet, 14, r - 1);
    }

    /** The rows of exceptions.jsonl with an attribute whose value is the firm's LEI. */
    private void exceptions(Sheet sheet, String firm, Path exceptionsJsonl) throws IOException {
        header(sheet, new String[] {"Submission", "Feed", "File", "Record", "Location", "Reason", "Category", "Field",
                "Message", "Attributes"}, new int[] {34, 20, 36, 8, 30, 24, 14, 18, 60, 100});
        int r = 1;
        if (Files.exists(exceptionsJsonl)) {
            try (MappingIterator<ExceptionRow> it = Json.MAPPER.readerFor(ExceptionRow.class)
                    .readValues(exceptionsJsonl.toFile())) {
                while (it.hasNext()) {
                    ExceptionRow x = it.next();
                    if (x.attributes() == null || !x.attributes().containsValue(firm)) {
                        continue;
                    }
                    Row row = sheet.createRow(r++);
                    text(row, 0, x.submissionId());
                    text(row, 1, x.feed());
                    text(row, 2, x.file());
                    number(row, 3, BigDecimal.valueOf(x.record()), quantity);
                    text(row, 4, x.location());
                    text(row, 5, x.reason() == null ? null : x.reason().name());
                    text(row, 6, x.category() == null ? null : x.category().name());
                    text(row, 7, x.field());
                    text(row, 8, x.message());
                    text(row, 9, x.attributes().toString());
                }
            }
        }
        finish(sheet, 10, r - 1);
    }

    private void header(Sheet sheet, String[] names, int[] widths) {
        cells.header(sheet, names, widths);
    }

    private static void finish(Sheet sheet, int columns, int lastRow) {
        Cells.finish(sheet, columns, lastRow);
    }

    private void text(Row row, int column, String value) {
        cells.text(row, column, value);
    }

    private static void number(Row row, int column, BigDecimal value, CellStyle style) {
        Cells.number(row, column, value, style);
    }
}
