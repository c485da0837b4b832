package io.concord.report;

import io.concord.margin.stress.Coverage;
import io.concord.margin.stress.Coverage.Regime;
import io.concord.margin.stress.Scenario;
import io.concord.margin.stress.StressRun;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The firm workbook's stress sheets: {@code Stress}, per scenario the firm's loss and the accounts and portfolios
 * each regime leaves short, with a chart of the loss against the shortfalls; {@code Stress accounts}, one row per
 * margined account: its figures, the worst scenario, whether each regime covers it, and its loss per scenario.
 */
final class StressSheets {

    static final String SHEET = "Stress";
    static final String ACCOUNTS = "Stress accounts";
    private static final String[] COLUMNS = {"Scenario", "Kind", "Horizon (days)", "Loss (USD)",
            "Under-margined siloed", "Shortfall siloed (USD)", "Under-margined harmonized",
            "Shortfall harmonized (USD)", "Short of collateral", "Shortfall collateral (USD)",
            "Portfolios short (harmonized)", "Portfolio shortfall harmonized (USD)", "Source"};
    private static final int[] WIDTHS = {36, 14, 9, 18, 12, 20, 12, 20, 12, 20, 12, 20, 80};

    private final XSSFSheet sheet;
    private final Cells cells;
    private final List<Scenario> scenarios;
    private Sheet accounts;
    private int next = 1;

    /** Creates the Stress sheet in {@code template}, before it is wrapped for streaming. */
    StressSheets(XSSFWorkbook template, Cells cells, List<Scenario> scenarios) {
        this.cells = cells;
        this.scenarios = List.copyOf(scenarios);
        this.sheet = template.createSheet(SHEET);
        cells.header(sheet, COLUMNS, WIDTHS);
    }

    /** Creates the streamed Stress accounts sheet and moves both stress sheets after the others. */
    void open(SXSSFWorkbook streaming) {
        accounts = streaming.createSheet(ACCOUNTS);
        // after the margin sheets: Stress, then Stress accounts
        streaming.setSheetOrder(SHEET, streaming.getNumberOfSheets() - 2);
        List<String> names = new ArrayList<>(List.of("Account", "Segregation class", "Harmonized portfolio",
                "Siloed (USD)", "Harmonized (USD)", "Collateral post-haircut (USD)", "Worst scenario",
                "Worst loss (USD)", "Siloed covers", "Harmonized covers", "Collateral covers", "Not revalued"));
        scenarios.forEach(s -> names.add("Loss " + s.id() + " (USD)"));
        int[] widths = new int[names.size()];
        java.util.Arrays.fill(widths, 18);
        widths[0] = 20;
        widths[6] = 34;
        cells.header(accounts, names.toArray(String[]::new), widths);
    }

    void account(Coverage.AccountCoverage c) {
        Row row = accounts.createRow(next++);
        cells.text(row, 0, c.account());
        cells.text(row, 1, c.segregationClass());
        cells.text(row, 2, c.portfolio() == null ? "not eligible" : c.portfolio());
        Cells.number(row, 3, c.siloed(), cells.amount());
        Cells.number(row, 4, c.harmonized(), cells.amount());
        Cells.number(row, 5, c.collateralPostHaircut(), cells.amount());
        cells.text(row, 6, c.worst().scenario() == null ? "no loss" : c.worst().scenario());
        Cells.number(row, 7, c.worst().loss(), cells.amount());
        cells.text(row, 8, c.worst().siloedCovers() ? "yes" : "no");
        cells.text(row, 9, c.worst().harmonizedCovers() ? "yes" : "no");
        cells.text(row, 10, c.worst().collateralCovers() ? "yes" : "no");
        Cells.number(row, 11, BigDecimal.valueOf(c.notRevalued().size()), cells.quantity());
        for (int i = 0; i < c.scenarios().size(); i++) {
            Cells.number(row, 12 + i, c.scenarios().get(i).loss(), cells.amount());
        }
    }

    /** The firm's per-scenario table and its chart; the filters of both sheets. */
    void finish(StressRun.Level firm) {
        int r = 1;
        // a firm with rejected records and no margined account has no stress level: the sheets keep their headers
        for (int i = 0; firm != null && i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            StressRun.ScenarioLevel l = firm.scenarios().get(i);
            Row row = sheet.createRow(r++);
            cells.text(row, 0, s.id());
            cells.text(row, 1, s.kind().name());
            Cells.number(row, 2, BigDecimal.valueOf(s.horizonDays()), cells.quantity());
            Cells.number(row, 3, l.loss(), cells.amount());
            int c = 4;
            for (Regime regime : Regime.values()) {
                Cells.number(row, c++, BigDecimal.valueOf(l.accounts().get(regime).underMargined()), cells.quantity());
                Cells.number(row, c++, l.accounts().get(regime).shortfall(), cells.amount());
            }
            Cells.number(row, c++, BigDecimal.valueOf(l.portfolios().get(Regime.HARMONIZED).underMargined()),
                    cells.quantity());
            Cells.number(row, c++, l.portfolios().get(Regime.HARMONIZED).shortfall(), cells.amount());
            cells.text(row, c, String.join(" | ", s.sources()));
        }
        Cells.finish(sheet, COLUMNS.length, r - 1);
        if (r > 1) {
            Charts.bars(sheet, "Loss and shortfall per scenario (USD)", "Scenario", r - 1, 0, new int[] {3, 5, 7},
                    new String[] {"Loss", "Shortfall siloed", "Shortfall harmonized"}, COLUMNS.length + 1);
        }
        Cells.finish(accounts, 12 + scenarios.size(), next - 1);
    }
}
