package io.concord.report;

import io.concord.margin.stress.BacktestRun;
import io.concord.margin.stress.BacktestSeries;
import io.concord.margin.stress.Coverage.Regime;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The firm workbook's {@code Backtest} sheet: per regime (siloed, harmonized, collateral), over the firm's accounts
 * and over its harmonized portfolios, the back-testing figures of {@code margin/backtest.json} — observations,
 * breaches, accounts breached, the largest and average breach, the achieved coverage — and the series they come
 * from.
 */
final class BacktestSheet {

    static final String SHEET = "Backtest";
    private static final String[] COLUMNS = {"Over", "Regime", "Tested", "Observations (days)", "Breaches",
            "Breached", "Largest breach (USD)", "Largest at (day)", "Average breach (USD)", "Achieved coverage"};
    private static final int[] WIDTHS = {12, 14, 10, 14, 10, 10, 20, 44, 20, 12};

    private final XSSFSheet sheet;
    private final Cells cells;
    private final BacktestSeries series;

    /** Creates the sheet in {@code template}, before it is wrapped for streaming. */
    BacktestSheet(XSSFWorkbook template, Cells cells, BacktestSeries series) {
        this.cells = cells;
        this.series = series;
        this.sheet = template.createSheet(SHEET);
        cells.header(sheet, COLUMNS, WIDTHS);
    }

    /** Moves the sheet to the end, after the margin and stress sheets. */
    void open(SXSSFWorkbook streaming) {
        streaming.setSheetOrder(SHEET, streaming.getNumberOfSheets() - 1);
    }

    /** The firm's figures (none for a firm without a margined account) and the series' line. */
    void finish(BacktestRun.Level firm) {
        int r = 1;
        if (firm != null) {
            r = rows(r, "Accounts", firm.accountsTested(), firm.accountRegimes());
            r = rows(r, "Portfolios", firm.portfoliosTested(), firm.portfolioRegimes());
        }
        Cells.finish(sheet, COLUMNS.length, r - 1);
        Row note = sheet.createRow(r + 1);
        cells.text(note, 0, "Series " + series.folder().getFileName() + ": " + series.size() + " days, "
                + series.days().get(0).asOf() + " to " + series.days().get(series.size() - 1).asOf() + ". Today's "
                + "book and margin held through the series (static portfolio); loss over each position's margin "
                + "period of risk (2 days futures, 5 securities and cleared swaps, 10 uncleared). CPMI-IOSCO PQD 6.5.");
    }

    private int rows(int r, String over, int tested, Map<Regime, BacktestRun.RegimeLevel> levels) {
        for (Regime regime : Regime.values()) {
            BacktestRun.RegimeLevel l = levels.get(regime);
            Row row = sheet.createRow(r++);
            cells.text(row, 0, over);
            cells.text(row, 1, regime.name());
            Cells.number(row, 2, BigDecimal.valueOf(tested), cells.quantity());
            Cells.number(row, 3, BigDecimal.valueOf(l.observations()), cells.quantity());
            Cells.number(row, 4, BigDecimal.valueOf(l.breaches()), cells.quantity());
            Cells.number(row, 5, BigDecimal.valueOf(l.breached()), cells.quantity());
            Cells.number(row, 6, l.largestBreach(), cells.amount());
            cells.text(row, 7, l.largestAt() == null ? "" : l.largestAt());
            Cells.number(row, 8, l.averageBreach(), cells.amount());
            if (l.coverage() != null) {
                Cells.number(row, 9, l.coverage(), cells.percent());
            }
        }
        return r;
    }
}
