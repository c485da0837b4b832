package io.concord.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.stress.Coverage;
import io.concord.margin.stress.Scenario;
import io.concord.margin.stress.StressRun;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code margin/stress.json}, written as the accounts pass ({@link CoverageDocument}): the run's date and versions,
 * the method, the scenarios with their sources, then each account's coverage, each harmonized portfolio's, and the
 * firm and market levels.
 */
public final class StressJson implements StressRun.Output {

    public static final String FILE = "stress.json";

    /** How the figures are obtained, for a reader of the file. */
    static final String METHOD = "Each account's positions on the business date are revalued under every scenario "
            + "with the silos' pricing (stocks, ETFs and futures linearly; listed options Black-Scholes and options on "
            + "futures Black-76 at the moved underlying and volatility; cash Treasuries by DV01 and Treasury futures "
            + "through their cheapest-to-deliver; CDS by CS01; event contracts at the scenario's outcome). loss = "
            + "max(0, -P&L); shortfall = max(0, loss - the figure) against the siloed margin, the harmonized margin "
            + "(the account's share; a portfolio's own total) and the collateral after haircuts once the scenario has "
            + "moved it. A position that cannot be revalued is listed in notRevalued and adds nothing; a factor a "
            + "scenario does not move is listed in unshockedFactors. Moves are applied instantly to today's book: "
            + "no trading, no funding, no correlation beyond what each scenario states.";

    private final CoverageDocument document;

    public StressJson(Path file) {
        this.document = new CoverageDocument(file);
    }

    public Path file() {
        return document.file();
    }

    @Override
    public void begin(MarginRun run, List<Scenario> scenarios) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("method", METHOD);
        head.put("scenarios", scenarios);
        document.begin(run, head);
    }

    @Override
    public void account(Coverage.AccountCoverage account) {
        document.account(account);
    }

    @Override
    public void portfolio(Coverage.PortfolioCoverage portfolio) {
        document.portfolio(portfolio);
    }

    @Override
    public void end(List<StressRun.Level> firms, StressRun.Level market) {
        document.end(firms, market);
    }
}
