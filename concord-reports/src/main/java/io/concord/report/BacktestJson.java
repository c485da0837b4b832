package io.concord.report;

import io.concord.margin.engine.MarginRun;
import io.concord.margin.stress.BacktestRun;
import io.concord.margin.stress.BacktestSeries;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code margin/backtest.json} ({@link CoverageDocument}): the run's date and versions, the method and the margin
 * periods of risk, the series (folder, dates, files), then each account's backtest, each harmonized portfolio's, and
 * the firm and market levels.
 */
public final class BacktestJson implements BacktestRun.Output {

    public static final String FILE = "backtest.json";

    /** How the figures are obtained, for a reader of the file. */
    static final String METHOD = "Static-portfolio (hypothetical) backtest of today's book and today's margin over a "
            + "series of daily market data files. For each day d of the series and each position on the business "
            + "date, the move of its risk factor from d to the day its margin period of risk (MPOR) later is applied "
            + "to the position with the silos' pricing, as the stress scenarios are (price: relative change; "
            + "volatility: change in points; yield or credit spread: change in basis points); an account's P&L on d "
            + "is the sum over its positions. loss = max(0, -P&L); a breach (exception) of a regime is a day whose "
            + "loss exceeds the figure held: the siloed margin, the harmonized margin (the account's share; a "
            + "portfolio's own total, its members' P&L summed day by day), the collateral after haircuts once moved. "
            + "observations = days tested (the last MPOR days of the series start none); achieved coverage = "
            + "(observations - breaches) / observations. The margin held is today's on every day: the margin each day "
            + "would have called is not recomputed. These are the back-testing figures of the CPMI-IOSCO public "
            + "quantitative disclosures for CCPs, disclosure 6.5, per account, portfolio, firm and market.";

    /** The MPOR by kind of position, as {@link BacktestRun#marginPeriodOfRisk} applies it. */
    static final Map<String, Integer> MPOR = mpor();

    private static Map<String, Integer> mpor() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("FUTURE, OPTION_ON_FUTURE", 2);
        m.put("SECURITY, LISTED_OPTION, cleared SWAP/SBS (CFTC_4D_F_LSOC)", 5);
        m.put("uncleared SWAP, SBS, MIXED_SWAP", 10);
        return m;
    }

    private final CoverageDocument document;

    public BacktestJson(Path file) {
        this.document = new CoverageDocument(file);
    }

    @Override
    public void begin(MarginRun run, BacktestSeries series) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("method", METHOD);
        head.put("marginPeriodOfRiskDays", MPOR);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("folder", series.folder().toString());
        s.put("days", series.size());
        s.put("from", series.days().get(0).asOf().toString());
        s.put("to", series.days().get(series.size() - 1).asOf().toString());
        s.put("files", series.files());
        head.put("series", s);
        document.begin(run, head);
    }

    @Override
    public void account(BacktestRun.AccountBacktest account) {
        document.account(account);
    }

    @Override
    public void portfolio(BacktestRun.PortfolioBacktest portfolio) {
        document.portfolio(portfolio);
    }

    @Override
    public void end(List<BacktestRun.Level> firms, BacktestRun.Level market) {
        document.end(firms, market);
    }
}
