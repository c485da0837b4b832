package io.concord.report;

import io.concord.margin.engine.AccountMargin;
import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.engine.MarginReport;
import io.concord.margin.collateral.CollateralValuation;
import io.concord.model.Position;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reports/<firm-LEI>/margin-report.xlsx}: one firm's margin, positions, collateral and exceptions as an Excel
 * workbook, from the same account margins as margin.json (nothing is recomputed), written one account at a time by
 * {@link #sink}. {@code Summary} is an in-memory XSSF sheet (one row per account) with a bar chart; the other sheets
 * stream through SXSSF, which wraps the XSSF workbook holding Summary, so an account's positions and explain rows
 * are on disk once it is written. Positions, Margin and Collateral rows are written as XML bytes ({@link RowXml}),
 * deflated as they go, not as SXSSF rows and cells ({@link StreamingWorkbook}). A text cell that spreadsheet software would read as a formula is written
 * quote-prefixed, so it shows as text.
 */
public final class MarginWorkbook implements AutoCloseable {

    public static final String FILE_NAME = "margin-report.xlsx";
    public static final List<String> SHEETS = List.of("Summary", "Positions", "Margin", "Collateral", "Exceptions");
    /** Rows SXSSF keeps in memory per streaming sheet. */
    private static final int WINDOW = 200;
    /** Summary's account table header row: below the firm, the business date and the versions, and a blank row. */
    static final int SUMMARY_HEADER = 6;
    /** Accounts Summary's charts show one by one; the rest are one bar, "Others". */
    static final int CHART_ACCOUNTS = 10;

    private static final String[] SUMMARY_COLUMNS = {"Account", "Segregation class", "Silos", "Siloed total (USD)",
            "Harmonized total (USD)", "Saving (USD)", "Harmonized portfolio", "Collateral market value (USD)",
            "Collateral post-haircut (USD)", "Excess / deficit (USD)", "Unmargined positions"};
    private static final int[] SUMMARY_WIDTHS = {24, 22, 28, 20, 20, 18, 30, 24, 24, 20, 12};
    private static final String[] POSITION_COLUMNS = {"As of", "Account", "Segregation class", "Taxonomy", "Agency",
            "Exchange", "Contract", "ISIN", "CUSIP", "Expiry", "Strike", "Put/call", "Long qty", "Short qty",
            "Net qty", "Price", "Market value", "Currency", "Custody location", "Action", "Feed", "File", "Record",
            "Location in file", "Submission", "Mapping id", "Mapping version"};
    private static final int[] POSITION_WIDTHS = {11, 20, 20, 26, 8, 9, 10, 14, 11, 11, 10, 8, 12, 12, 12, 12, 16, 9,
            12, 9, 20, 36, 8, 30, 34, 30, 9};
    private static final String[] MARGIN_COLUMNS = {"Account", "Segregation class", "Silo", "Depth", "Label",
            "Amount (USD)", "Basis"};
    private static final int[] MARGIN_WIDTHS = {20, 20, 12, 7, 60, 18, 100};
    private static final String[] COLLATERAL_COLUMNS = {"Account", "Segregation class", "Asset class", "Asset",
            "Direction", "Purpose", "Currency", "Market value (USD)", "Haircut", "Post-haircut (USD)", "Counted",
            "Eligibility / basis", "File", "Location"};
    private static final int[] COLLATERAL_WIDTHS = {20, 20, 26, 16, 10, 9, 9, 18, 9, 18, 8, 80, 36, 30};
    private static final String[] EXCEPTION_COLUMNS = {"Submission", "Feed", "File", "Record", "Location", "Reason",
            "Category", "Field", "Message", "Attributes"};
    private static final int[] EXCEPTION_WIDTHS = {34, 20, 36, 8, 30, 24, 14, 18, 60, 100};

    private final String firm;
    private final StreamingWorkbook streaming;
    private final Cells cells;
    private final CellStyle amount;
    private final CellStyle percent;
    private final CellStyle quantity;
    /** Style indices of the rows written as XML ({@link RowXml}). */
    private final int textStyle;
    private final int quotedStyle;
    private final int amountStyle;
    private final int percentStyle;
    private final int quantityStyle;
    private final XSSFSheet summary;
    /**
     * Summary's rows below its header, streamed: one row per account (sorted largest first once every account is
     * in), which as cells of the in-memory template sheet cost about 6 KB an account and ran a 30,000-account
     * firm out of a 512 MB heap. The first rows and the header stay in the template sheet, the streamed rows follow.
     */
    private org.apache.poi.ss.usermodel.Sheet summaryRows;
    private final Rows positions;
    private final Rows margin;
    private final Rows collateral;
    private final Sheet exceptions;
    /** The last row index a streaming sheet fills before it goes on in another. */
    private final int lastRow;
    /** The run whose business date and versions Summary names (null when unknown). */
    private final io.concord.margin.engine.MarginRun run;
    /** Summary's account rows, written sorted when the firm is complete. */
    private final List<SummaryLine> lines = new java.util.ArrayList<>();

    /** The stress sheets when the run has a stress run, else null. */
    private final StressSheets stressSheets;
    /** The Backtest sheet when the run has a backtest, else null. */
    private final BacktestSheet backtestSheet;

    /** An open workbook of {@code firm}: every sheet with its header row, no data; the stress sheets with stress. */
    private MarginWorkbook(String firm, io.concord.margin.engine.MarginRun run, int lastRow,
                           io.concord.margin.stress.StressRun stress,
                           io.concord.margin.stress.BacktestRun backtest) {
        WorkbookWarmUp.await();
        this.firm = firm;
        this.run = run;
        this.lastRow = lastRow;
        XSSFWorkbook template = new XSSFWorkbook();
        cells = new Cells(template);
        amount = cells.amount();
        percent = cells.percent();
        quantity = cells.quantity();
        textStyle = cells.textStyle("").getIndex() & 0xffff;
        quotedStyle = cells.textStyle("=").getIndex() & 0xffff;
        amountStyle = amount.getIndex() & 0xffff;
        percentStyle = percent.getIndex() & 0xffff;
        quantityStyle = quantity.getIndex() & 0xffff;
        summary = template.createSheet(SHEETS.get(0));
        stressSheets = stress == null ? null : new StressSheets(template, cells, stress.scenarios());
        backtestSheet = backtest == null ? null : new BacktestSheet(template, cells, backtest.series());
        streaming = new StreamingWorkbook(template, WINDOW);
        positions = new Rows(SHEETS.get(1), POSITION_COLUMNS, POSITION_WIDTHS);
        margin = new Rows(SHEETS.get(2), MARGIN_COLUMNS, MARGIN_WIDTHS);
        collateral = new Rows(SHEETS.get(3), COLLATERAL_COLUMNS, COLLATERAL_WIDTHS);
        exceptions = streaming.createSheet(SHEETS.get(4));
        summaryRows = streaming.getSheet(SHEETS.get(0));
        cells.header(summary, SUMMARY_HEADER, SUMMARY_COLUMNS, SUMMARY_WIDTHS);
        cells.header(exceptions, EXCEPTION_COLUMNS, EXCEPTION_WIDTHS);
        if (stressSheets != null) {
            stressSheets.open(streaming);
        }
        if (backtestSheet != null) {
            backtestSheet.open(streaming);
        }
    }

    /**
     * Writes one workbook per firm of {@code report} under {@code reportsDir} (through {@link #sink}): the firm's
     * accounts, its booked {@code positions} (the whole book: every firm's, every date's), and the firm's rows of
     * {@code exceptions}. Returns the files by firm LEI.
     */
    public static Map<String, Path> write(MarginReport report, Collection<Position> positions,
                                          FirmExceptions exceptions, Path reportsDir) {
        Sink sink = sink(exceptions, reportsDir);
        MarginReplay.replay(report, positions, sink);
        return sink.files();
    }

    /**
     * A sink writing each firm's workbook under {@code reportsDir} while its accounts arrive, its Exceptions sheet
     * from the firm's rows of {@code exceptions} (read when the firm's last account has been given).
     */
    public static Sink sink(FirmExceptions exceptions, Path reportsDir) {
        return new Sink(exceptions, reportsDir, SpreadsheetVersion.EXCEL2007.getLastRowIndex());
    }

    /** {@link #sink(FirmExceptions, Path)} with sheets that go on in another after row index {@code lastRow}. */
    static Sink sink(FirmExceptions exceptions, Path reportsDir, int lastRow) {
        return new Sink(exceptions, reportsDir, lastRow);
    }

    /**
     * Writes {@code <reportsDir>/<LEI>/margin-report.xlsx} one account at a time: the workbook is opened at the
     * firm's first account; each account's positions (every date) go to Positions, and a margined account's row to
     * Summary, its explain trees to Margin and its collateral lines to Collateral, as it arrives; after the firm's
     * last account the Exceptions sheet, the chart and the file are written. A firm none of whose accounts is
     * margined gets no workbook (the one opened is discarded) unless it has rejected records: every firm with
     * rejected records gets one, listing them (after the last firm, for those with no account at all). Positions
     * are listed in account order, each account's in book key order.
     */
    public static final class Sink extends FirmSink {

        private final FirmExceptions exceptions;
        private final Path reportsDir;
        private final Map<String, Path> files = new LinkedHashMap<>();
        private final int lastRow;
        private MarginWorkbook workbook;
        private io.concord.margin.stress.StressRun stress;
        private io.concord.margin.stress.BacktestRun backtest;

        private Sink(FirmExceptions exceptions, Path reportsDir, int lastRow) {
            this.exceptions = exceptions;
            this.reportsDir = reportsDir;
            this.lastRow = lastRow;
        }

        /**
         * Adds the Stress and Stress accounts sheets from {@code stress}, which must come before this sink in
         * {@link io.concord.margin.engine.MarginSink#all} (it has each account's coverage when this sink gets the account).
         */
        public void stress(io.concord.margin.stress.StressRun stress) {
            this.stress = stress;
        }

        /**
         * Adds the Backtest sheet from {@code backtest}, which must come before this sink in
         * {@link io.concord.margin.engine.MarginSink#all} (its firm level is complete when this sink ends the firm).
         */
        public void backtest(io.concord.margin.stress.BacktestRun backtest) {
            this.backtest = backtest;
        }

        /** The workbooks written so far, by firm LEI in the order written. */
        public Map<String, Path> files() {
            return Collections.unmodifiableMap(files);
        }

        @Override
        protected void startFirm(String firm) {
            workbook = new MarginWorkbook(firm, run(), lastRow, stress, backtest);
        }

        @Override
        protected void firmAccount(MarginAccount account, AccountMargin margin, List<Position> positions) {
            positions.forEach(workbook::position);
            if (margin != null) {
                workbook.account(margin);
                var coverage = workbook.stressSheets == null ? null : stress.last(account);
                if (coverage != null) {
                    workbook.stressSheets.account(coverage);
                }
            }
        }

        @Override
        protected void endFirm(String firm) {
            try (MarginWorkbook w = workbook) {
                workbook = null;
                if (w.margined() || exceptions.count(firm) > 0) {
                    if (w.stressSheets != null) {
                        w.stressSheets.finish(stress.firmSoFar(firm));
                    }
                    if (w.backtestSheet != null) {
                        w.backtestSheet.finish(backtest.firmSoFar(firm));
                    }
                    Path file = reportsDir.resolve(firm).resolve(FILE_NAME);
                    w.write(exceptions, file);
                    files.put(firm, file);
                }
            }
        }

        @Override
        protected void abandonFirm(String firm) {
            if (workbook != null) {
                workbook.close();
                workbook = null;
            }
            try {
                Files.deleteIfExists(reportsDir.resolve(firm).resolve(FILE_NAME));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the unfinished workbook of " + firm, e);
            }
        }

        /** A workbook for each firm that has rejected records and no account in the run. */
        @Override
        protected void finish() {
            for (String firm : exceptions.firms()) {
                if (!files.containsKey(firm) && !failures().containsKey(firm)) {
                    isolated(firm, () -> {
                        startFirm(firm);
                        endFirm(firm);
                    });
                }
            }
        }
    }

    /** Whether an account of the firm has been margined (it is in Summary). */
    private boolean margined() {
        return !lines.isEmpty();
    }

    /**
     * Writes the Exceptions sheet from the firm's rows of {@code rejected}, Summary (its counts under the table),
     * each sheet's filter and page setup, then {@code file}.
     */
    private void write(FirmExceptions rejected, Path file) {
        try {
            exceptions(rejected);
            summary(rejected);
            positions.finish();
            margin.finish();
            collateral.finish();
            Files.createDirectories(file.getParent());
            try (OutputStream os = Files.newOutputStream(file)) {
                streaming.write(os);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * A streaming sheet that goes on in a sheet of its own when Excel's row limit (1,048,576 rows) is reached (a
     * firm of a million positions has more explain rows than that):
     * {@code Positions (2)}, {@code Positions (3)} ..., each with the header row, placed right after the one before.
     * The header is an SXSSF row; the data rows are written as XML ({@link RowXml}), each begun by {@link #next}
     * and ended by {@link RowXml#end}.
     */
    private final class Rows {
        private final String name;
        private final String[] columns;
        private final int[] widths;
        private SXSSFSheet sheet;
        private RowXml xml;
        private int sheets = 1;
        private int next = 1;

        Rows(String name, String[] columns, int[] widths) {
            this.name = name;
            this.columns = columns;
            this.widths = widths;
            this.sheet = streaming.createSheet(name);
            cells.header(sheet, columns, widths);
            xml = streaming.rows(sheet, columns.length);
        }

        RowXml next() {
            if (next > lastRow) {
                finish();
                String continued = name + " (" + ++sheets + ")";
                int after = streaming.getSheetIndex(sheet);
                sheet = streaming.createSheet(continued);
                streaming.setSheetOrder(continued, after + 1);
                cells.header(sheet, columns, widths);
                xml = streaming.rows(sheet, columns.length);
                next = 1;
            }
            xml.row(next++);
            return xml;
        }

        /** The filter and frozen header of the sheet being written. */
        void finish() {
            Cells.finish(sheet, columns.length, next - 1);
        }
    }

    /** Discards the workbook's temporary files. */
    @Override
    public void close() {
        try {
            // dispose flushes the rows still in the window before deleting: close alone would flush them too late
            streaming.dispose();
            streaming.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot discard the temporary files of " + firm + "'s workbook", e);
        }
    }

    /** A margined account: its Summary line, its explain rows in Margin and its lines in Collateral. */
    private void account(AccountMargin a) {
        lines.add(SummaryLine.of(a));
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

    /**
     * An account's row of Summary, kept (without its explain trees) until the firm is complete so the rows can be
     * sorted: {@code figures} are the amount columns, siloed total first.
     */
    private record SummaryLine(String account, String segregationClass, String silos, String portfolio,
                               List<BigDecimal> figures, int unmargined) {

        /** Siloed, harmonized, saving, collateral market value, post-haircut, excess / deficit. */
        static final int[] COLUMNS = {3, 4, 5, 7, 8, 9};

        static SummaryLine of(AccountMargin a) {
            var h = a.harmonized();
            return new SummaryLine(a.account(), a.segregationClass().name(),
                    String.join(", ", a.silos().stream().map(AccountMargin.SiloMargin::silo).toList()),
                    h == null || !h.eligible() ? "not eligible" : h.portfolio().customer()
                            + (h.savingCapped() ? " (saving capped)" : ""),
                    List.of(a.siloedTotal(), h == null ? a.siloedTotal() : h.total(),
                            h == null ? BigDecimal.ZERO : h.saving(), a.collateral().marketValue(),
                            a.collateral().postHaircut(), a.excessDeficit()), a.unmargined().size());
        }

        BigDecimal siloed() {
            return figures.get(0);
        }

        /** Largest siloed requirement first; equal ones by account. */
        static final java.util.Comparator<SummaryLine> LARGEST_FIRST = java.util.Comparator
                .comparing(SummaryLine::siloed, java.util.Comparator.reverseOrder())
                .thenComparing(SummaryLine::account);
    }

    /**
     * Summary: what the report is of (firm, business date, mapping set and risk parameter versions, what-if), the
     * account table sorted by siloed requirement with the firm's total under it, the rejected records, and the
     * charts with the table they draw from.
     */
    private void summary(FirmExceptions rejected) {
        text(summary.createRow(0), 0, "Firm (LEI)");
        text(summary.getRow(0), 1, firm);
        String[][] about = {{"Business date", run == null || run.asOf() == null ? "not margined" : run.asOf().toString()},
                {"Mapping set", run == null ? null : run.mappingsVersion()},
                {"Risk parameters", run == null ? null : run.parametersVersion()},
                {"What-if", run == null || run.whatIf() == null ? "none (as filed)" : run.whatIf()}};
        for (int i = 0; i < about.length; i++) {
            Row row = summary.createRow(i + 1);
            text(row, 0, about[i][0]);
            text(row, 1, about[i][1]);
        }
        lines.sort(SummaryLine.LARGEST_FIRST);
        int r = SUMMARY_HEADER + 1;
        for (SummaryLine l : lines) {
            Row row = summaryRows.createRow(r++);
            text(row, 0, l.account());
            text(row, 1, l.segregationClass());
            text(row, 2, l.silos());
            for (int i = 0; i < SummaryLine.COLUMNS.length; i++) {
                number(row, SummaryLine.COLUMNS[i], l.figures().get(i), amount);
            }
            text(row, 6, l.portfolio());
            number(row, 10, BigDecimal.valueOf(l.unmargined()), quantity);
        }
        int lastAccount = r - 1;
        Row total = summaryRows.createRow(r++);
        cells.bold(total, 0, "Total (" + lines.size() + " accounts)");
        for (int i = 0; i < SummaryLine.COLUMNS.length; i++) {
            int f = i;
            number(total, SummaryLine.COLUMNS[i], lines.stream().map(l -> l.figures().get(f))
                    .reduce(BigDecimal.ZERO, BigDecimal::add), amount);
        }
        number(total, 10, BigDecimal.valueOf(lines.stream().mapToLong(SummaryLine::unmargined).sum()), quantity);
        Cells.finish(summary, SUMMARY_HEADER, SUMMARY_COLUMNS.length, lastAccount);
        r = rejectedNote(rejected, r + 1);
        if (margined()) {
            charts(r + 1);
        }
    }

    /**
     * From row {@code at}: the table the charts draw from (the {@link #CHART_ACCOUNTS} largest accounts by siloed
     * requirement, then the rest summed as "Others"), and two charts to the right of the account table: siloed and
     * harmonized requirement, and the saving (a separate chart, so the requirements do not flatten it).
     */
    private void charts(int at) {
        cells.bold(summaryRows.createRow(at), 0, "Chart data: the " + CHART_ACCOUNTS + " largest accounts by siloed "
                + "requirement, the rest as Others");
        int first = at + 1;
        int r = first;
        List<SummaryLine> top = lines.subList(0, Math.min(CHART_ACCOUNTS, lines.size()));
        List<SummaryLine> rest = lines.subList(top.size(), lines.size());
        List<String> labels = new java.util.ArrayList<>();
        List<BigDecimal[]> sums = new java.util.ArrayList<>();
        for (SummaryLine l : top) {
            labels.add(l.account());
            sums.add(chartRow(r++, l.account(), List.of(l)));
        }
        if (!rest.isEmpty()) {
            String others = "Others (" + rest.size() + " accounts)";
            labels.add(others);
            sums.add(chartRow(r++, others, rest));
        }
        // the chart rows are streamed, so the charts cache the values they hold from here
        String[] categories = labels.toArray(String[]::new);
        Double[][] values = new Double[3][sums.size()];
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < sums.size(); k++) {
                values[i][k] = sums.get(k)[i].doubleValue();
            }
        }
        Charts.bars(summary, "Siloed and harmonized requirement, largest accounts (USD)", "Account", first, r - 1, 0,
                new int[] {3, 4}, new String[] {"Siloed total", "Harmonized total"}, SUMMARY_COLUMNS.length + 1,
                SUMMARY_HEADER, categories, new Double[][] {values[0], values[1]});
        Charts.bars(summary, "Saving under harmonized margin, largest accounts (USD)", "Account", first, r - 1, 0,
                new int[] {5}, new String[] {"Saving"}, SUMMARY_COLUMNS.length + 1,
                SUMMARY_HEADER + Charts.HEIGHT + 1, categories, new Double[][] {values[2]});
    }

    /**
     * A row of the chart data: {@code label} and the summed siloed, harmonized and saving of {@code accounts};
     * returns the three sums.
     */
    private BigDecimal[] chartRow(int at, String label, List<SummaryLine> accounts) {
        Row row = summaryRows.createRow(at);
        text(row, 0, label);
        BigDecimal[] sums = new BigDecimal[3];
        for (int i = 0; i < 3; i++) {
            int f = i;
            sums[i] = accounts.stream().map(l -> l.figures().get(f)).reduce(BigDecimal.ZERO, BigDecimal::add);
            number(row, SummaryLine.COLUMNS[i], sums[i], amount);
        }
        return sums;
    }

    /** One booked position's row in Positions. */
    private void position(Position p) {
        RowXml row = positions.next();
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
        row.number(10, p.product().strike(), quantityStyle);
        text(row, 11, p.product().putCall() == null ? null : p.product().putCall().name());
        row.number(12, p.longQty(), quantityStyle);
        row.number(13, p.shortQty(), quantityStyle);
        row.number(14, p.netQty(), quantityStyle);
        row.number(15, p.price(), quantityStyle);
        row.number(16, p.marketValue(), amountStyle);
        text(row, 17, p.product().currency());
        text(row, 18, p.location());
        text(row, 19, p.action() == null ? null : p.action().name());
        text(row, 20, p.lineage().feed());
        text(row, 21, p.lineage().file());
        row.number(22, p.lineage().record(), quantityStyle);
        text(row, 23, p.lineage().location());
        text(row, 24, p.lineage().submissionId());
        text(row, 25, p.lineage().mappingId());
        if (p.lineage().mappingVersion() != null) {
            row.number(26, p.lineage().mappingVersion(), quantityStyle);
        }
        row.end();
    }

    private void explain(AccountMargin a, String silo, Explain e, int depth) {
        RowXml row = margin.next();
        text(row, 0, a.account());
        text(row, 1, a.segregationClass().name());
        text(row, 2, silo);
        row.number(3, depth, quantityStyle);
        String label = e.label();
        row.text(4, Cells.fit(label), cells.indentedStyle(label, depth).getIndex() & 0xffff);
        row.number(5, e.amount(), amountStyle);
        text(row, 6, e.basis());
        row.end();
        for (Explain c : e.children()) {
            explain(a, silo, c, depth + 1);
        }
    }

    private void collateral(AccountMargin a, CollateralValuation v) {
        RowXml row = collateral.next();
        text(row, 0, a.account());
        text(row, 1, a.segregationClass().name());
        text(row, 2, v.assetClass());
        text(row, 3, v.asset());
        text(row, 4, v.direction());
        text(row, 5, v.purpose());
        text(row, 6, v.currency());
        row.number(7, v.marketValue(), amountStyle);
        // haircutPct is in percent (15.00 = 15 %); the cell holds the fraction under a percent format
        row.number(8, v.haircutPct() == null ? null : v.haircutPct().movePointLeft(2), percentStyle);
        row.number(9, v.postHaircut(), amountStyle);
        text(row, 10, v.counted() ? "yes" : "no");
        text(row, 11, v.basis());
        text(row, 12, v.file());
        text(row, 13, v.location());
        row.end();
    }

    /**
     * The firm's rows of exceptions.jsonl ({@link ExceptionRow#firm()}: the firm the record belongs to, never a
     * firm another attribute of it names), up to the sheet's last row; the rows beyond are counted in a last row.
     */
    private void exceptions(FirmExceptions rejected) {
        int[] r = {1};
        long[] beyond = {0};
        rejected.forEach(firm, x -> {
            if (r[0] >= lastRow) {
                beyond[0]++;
                return;
            }
            Row row = exceptions.createRow(r[0]++);
            text(row, 0, x.submissionId());
            text(row, 1, x.feed());
            text(row, 2, x.file());
            number(row, 3, BigDecimal.valueOf(x.record()), quantity);
            text(row, 4, x.location());
            text(row, 5, x.reason() == null ? null : x.reason().name());
            text(row, 6, x.category() == null ? null : x.category().name());
            text(row, 7, x.field());
            text(row, 8, x.message());
            text(row, 9, x.attributes() == null ? null : x.attributes().toString());
        });
        if (beyond[0] > 0) {
            text(exceptions.createRow(r[0]++), 8, String.format(java.util.Locale.ROOT, "%,d more rejected records: "
                    + "see reports/%s/%s", beyond[0], firm, FirmExceptions.FILE_NAME));
        }
        Cells.finish(exceptions, EXCEPTION_COLUMNS.length, r[0] - 1);
    }

    /**
     * From row {@code at} of Summary: the records the firm sent that were rejected, so are in no margin figure
     * (unmapped products included), in all and by reason; "none" when there are none. Returns the next free row.
     */
    private int rejectedNote(FirmExceptions rejected, int at) {
        Row total = summaryRows.createRow(at++);
        text(total, 0, "Rejected records (in no margin figure; see Exceptions)");
        number(total, 3, BigDecimal.valueOf(rejected.count(firm)), quantity);
        for (var e : rejected.byReason(firm).entrySet()) {
            Row row = summaryRows.createRow(at++);
            text(row, 1, e.getKey().name());
            number(row, 3, BigDecimal.valueOf(e.getValue()), quantity);
        }
        return at;
    }

    private void text(Row row, int column, String value) {
        cells.text(row, column, value);
    }

    /** {@link Cells#text} written as XML. */
    private void text(RowXml row, int column, String value) {
        if (value != null) {
            row.text(column, Cells.fit(value), Cells.formulaLike(value) ? quotedStyle : textStyle);
        }
    }

    private static void number(Row row, int column, BigDecimal value, CellStyle style) {
        Cells.number(row, column, value, style);
    }
}
