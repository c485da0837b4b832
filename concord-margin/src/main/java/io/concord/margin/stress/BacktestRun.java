package io.concord.margin.stress;

import io.concord.margin.engine.AccountMargin;
import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.engine.MarginSink;
import io.concord.margin.MarketContext;
import io.concord.margin.Positions;
import io.concord.margin.engine.RiskParameters;
import io.concord.margin.harmonized.Harmonized;
import io.concord.margin.stress.Coverage.Regime;
import io.concord.margin.stress.Coverage.ScenarioCoverage;
import io.concord.model.Position;
import io.concord.model.SegregationClass;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The backtest of a margin run over a {@link BacktestSeries} (a {@link MarginSink}, beside the stress run): for each
 * day of the series, each account's positions of the business date are revalued under the market's moves over the
 * next margin period of risk (MPOR) from that day, and the loss set against (a) the siloed margin, (b) the harmonized
 * margin and (c) the collateral after haircuts once moved. A day whose loss exceeds a figure is a breach (an
 * exception) of that regime. Counted per account, per harmonized portfolio (its members' P&amp;L summed day by day),
 * per firm and for the market: observations, breaches, the largest and average breach, and the achieved coverage
 * ({@code 1 - breaches / observations}) — the back-testing figures CCPs publish under the CPMI-IOSCO public
 * quantitative disclosures (disclosure 6.5, back-testing of initial margin).
 *
 * <p>The book and the margin are today's, held through the series: a hypothetical (static-portfolio) backtest of
 * today's figures against the series' moves, not a replay of the margin each day would have called.
 */
public final class BacktestRun implements MarginSink {

    /**
     * The margin period of risk of a position, in trading days: 2 for futures and options on futures, 5 for
     * securities, listed options and cleared swaps (an account of the cleared-swaps class CFTC 4d(f)), 10 for
     * uncleared swaps and SBS. The 5 and 10 days are the regulatory floors: 17 CFR 39.13(g)(2)(ii) (five days for
     * swaps at a DCO) and 17 CFR 23.154(b)(2)(i) / BCBS-IOSCO margin requirements for non-centrally cleared
     * derivatives, 3.2 (a ten-day horizon for uncleared swaps); 2 days for futures is Concord's choice above the
     * one-day floor of 39.13(g)(2)(ii), as issue 24 sets it, and 5 days for securities follows the same issue.
     */
    public static int marginPeriodOfRisk(Position p) {
        return switch (p.product().regime()) {
            case FUTURE, OPTION_ON_FUTURE, EVENT_CONTRACT -> 2;
            case SECURITY, LISTED_OPTION, COLLATERAL_ASSET -> 5;
            case SWAP, SBS, MIXED_SWAP -> p.segregationClass() == SegregationClass.CFTC_4D_F_LSOC ? 5 : 10;
        };
    }

    /** The horizons {@link #marginPeriodOfRisk} gives, shortest first. */
    static final int[] HORIZONS = {2, 5, 10};

    /** Where the backtest goes: the JSON document, a test. */
    public interface Output {
        void begin(MarginRun run, BacktestSeries series);

        void account(AccountBacktest account);

        void portfolio(PortfolioBacktest portfolio);

        void end(List<Level> firms, Level market);
    }

    /**
     * One regime's back-testing figures for an account or portfolio over the series.
     *
     * @param observations   days tested
     * @param breaches       days whose loss over the MPOR exceeded the figure
     * @param largestBreach  the largest excess of loss over the figure (USD; 0 with no breach)
     * @param largestOn      the day it started from (null with no breach)
     * @param totalBreach    the breaches' excesses summed (USD)
     * @param averageBreach  their mean (USD; 0 with no breach)
     * @param coverage       achieved coverage, (observations − breaches) / observations (null with no observation)
     */
    public record Breaches(int observations, int breaches, BigDecimal largestBreach, String largestOn,
                           BigDecimal totalBreach, BigDecimal averageBreach, BigDecimal coverage) {
    }

    /**
     * An account's backtest.
     *
     * @param firm                   firm LEI
     * @param account                account id
     * @param segregationClass       segregation class
     * @param portfolio              its harmonized portfolio's customer, null when not eligible
     * @param siloed                 the siloed margin held (USD, today's)
     * @param harmonized             the harmonized margin held (the account's share; its siloed figure if not eligible)
     * @param collateralPostHaircut  collateral after haircuts today (USD)
     * @param positions              positions on the business date
     * @param revalued               positions revalued
     * @param notRevalued            the others, with the reason
     * @param mporDays               the longest MPOR of its revalued positions (0 when none): the series' last
     *                               {@code mporDays} days start no observation
     * @param unshockedFactors       risk factors of revalued positions the series leaves unmoved on some day (a
     *                               factor missing from a day's file): their P&amp;L counts zero on those days
     * @param regimes                per regime (SILOED, HARMONIZED, COLLATERAL) its breaches
     * @param breachDays             each day on which any regime was breached, with the loss and shortfalls
     */
    public record AccountBacktest(String firm, String account, String segregationClass, String portfolio,
                                  BigDecimal siloed, BigDecimal harmonized, BigDecimal collateralPostHaircut,
                                  int positions, int revalued, List<StressRevaluation.NotRevalued> notRevalued,
                                  int mporDays, List<String> unshockedFactors, Map<Regime, Breaches> regimes,
                                  List<ScenarioCoverage> breachDays) {
        public AccountBacktest {
            notRevalued = List.copyOf(notRevalued);
            unshockedFactors = List.copyOf(unshockedFactors);
            breachDays = List.copyOf(breachDays);
        }
    }

    /** A harmonized portfolio's backtest: its members' P&amp;L summed day by day, against the portfolio's figures. */
    public record PortfolioBacktest(String firm, String customer, List<String> accounts, BigDecimal siloed,
                                    BigDecimal harmonized, BigDecimal collateralPostHaircut, int mporDays,
                                    Map<Regime, Breaches> regimes, List<ScenarioCoverage> breachDays) {
        public PortfolioBacktest {
            accounts = List.copyOf(accounts);
            breachDays = List.copyOf(breachDays);
        }
    }

    /**
     * One regime over a firm's or the market's accounts (or portfolios).
     *
     * @param observations     account-days tested
     * @param breaches         account-days breached
     * @param breached         accounts with at least one breach
     * @param largestBreach    the largest breach (USD)
     * @param largestAt        whose, from which day ({@code account (class) day}); null with no breach
     * @param totalBreach      the breaches summed (USD)
     * @param averageBreach    their mean (USD)
     * @param coverage         achieved coverage over the account-days
     */
    public record RegimeLevel(long observations, long breaches, int breached, BigDecimal largestBreach,
                              String largestAt, BigDecimal totalBreach, BigDecimal averageBreach,
                              BigDecimal coverage) {
    }

    /**
     * A firm's (or the market's, {@code firm} null) backtest.
     *
     * @param accounts            accounts margined
     * @param accountsTested      accounts with at least one observation
     * @param portfolios          harmonized portfolios
     * @param portfoliosTested    those with at least one observation
     * @param accountRegimes      per regime, over the accounts
     * @param portfolioRegimes    per regime, over the portfolios
     */
    public record Level(String firm, int accounts, int accountsTested, int portfolios, int portfoliosTested,
                        Map<Regime, RegimeLevel> accountRegimes, Map<Regime, RegimeLevel> portfolioRegimes) {
    }

    private final BacktestSeries series;
    private final Output output;
    /** A revaluation per MPOR, under that horizon's moves from each day (index = position in HORIZONS). */
    private final StressRevaluation[] revaluations = new StressRevaluation[HORIZONS.length];
    private final Tally market = new Tally();
    private final Map<String, Tally> firms = new LinkedHashMap<>();
    private final Map<String, Portfolio> portfolios = new LinkedHashMap<>();
    private MarketContext marketContext;
    private String firm;
    private List<Level> firmLevels = List.of();
    private Level marketLevel;

    public BacktestRun(BacktestSeries series, RiskParameters params, Output output) {
        this.series = series;
        this.output = output;
        for (int k = 0; k < HORIZONS.length; k++) {
            revaluations[k] = new StressRevaluation(series.scenarios(HORIZONS[k]), params);
        }
    }

    public BacktestSeries series() {
        return series;
    }

    @Override
    public void market(MarketContext market) {
        this.marketContext = market;
    }

    @Override
    public void begin(MarginRun run) {
        output.begin(run, series);
    }

    @Override
    public Runnable prepare(MarginAccount account, AccountMargin margin, List<Position> positions) {
        if (margin == null) {
            return () -> { };
        }
        Computed c = compute(account, margin, positions);
        return () -> add(c);
    }

    @Override
    public void account(MarginAccount account, AccountMargin margin, List<Position> positions) {
        prepare(account, margin, positions).run();
    }

    @Override
    public void end() {
        flushPortfolios();
        List<Level> levels = new ArrayList<>();
        firms.forEach((lei, t) -> levels.add(t.level(lei)));
        firmLevels = List.copyOf(levels);
        marketLevel = market.level(null);
        output.end(firmLevels, marketLevel);
    }

    /** The firm's level so far: complete once the next firm's first account (or the end) has passed. */
    public Level firmSoFar(String lei) {
        Tally t = firms.get(lei);
        return t == null ? null : t.level(lei);
    }

    /** The market level once the run has ended. */
    public Level market() {
        return marketLevel;
    }

    /**
     * An account's P&amp;L per day of the series over its MPOR ({@code days} long: the days with a day MPOR files
     * later), the collateral after haircuts moved over the same days, and the factors left unmoved per day.
     */
    private record Daily(int mpor, double collateral, double[] pnl, double[] collateralAfter,
                         List<List<String>> unshocked) {
    }

    private record Computed(AccountBacktest backtest, Daily daily, Harmonized harmonized) {
    }

    private Computed compute(MarginAccount a, AccountMargin m, List<Position> positions) {
        List<List<Position>> byHorizon = new ArrayList<>();
        for (int k = 0; k < HORIZONS.length; k++) {
            byHorizon.add(new ArrayList<>());
        }
        int onDate = 0;
        List<StressRevaluation.NotRevalued> notRevalued = new ArrayList<>();
        for (Position p : positions) {
            if (marketContext == null || !p.asOf().equals(marketContext.asOf())) {
                continue;
            }
            onDate++;
            if (p.product().regime() == io.concord.model.Regime.EVENT_CONTRACT) {
                notRevalued.add(new StressRevaluation.NotRevalued(Positions.describe(p), "a market data series does "
                        + "not resolve event contracts: an event contract is not backtested"));
                continue;
            }
            int h = marginPeriodOfRisk(p);
            if (h >= series.size()) {
                notRevalued.add(new StressRevaluation.NotRevalued(Positions.describe(p), "the backtest series has "
                        + series.size() + " days, too few for its margin period of risk of " + h + " days"));
                continue;
            }
            byHorizon.get(Arrays.binarySearch(HORIZONS, h)).add(p);
        }
        int revalued = 0;
        int mpor = 0;
        StressRevaluation.Result[] results = new StressRevaluation.Result[HORIZONS.length];
        for (int k = 0; k < HORIZONS.length; k++) {
            if (byHorizon.get(k).isEmpty()) {
                continue;
            }
            results[k] = revaluations[k].revalue(a, byHorizon.get(k), m.collateral(), marketContext);
            notRevalued.addAll(results[k].notRevalued());
            revalued += results[k].revalued();
            if (results[k].revalued() > 0) {
                mpor = HORIZONS[k];
            }
        }
        Daily daily = daily(mpor, results, m.collateral().postHaircut().doubleValue());
        Harmonized h = m.harmonized();
        boolean eligible = h != null && h.eligible() && h.portfolio() != null;
        BigDecimal harmonized = h == null ? m.siloedTotal() : h.total();
        List<ScenarioCoverage> days = Coverage.scenarios(days(mpor), daily.pnl(), m.siloedTotal().doubleValue(), harmonized.doubleValue(),
                daily.collateralAfter(), daily.unshocked());
        AccountBacktest b = new AccountBacktest(a.firm(), a.account(), String.valueOf(a.segregationClass()),
                eligible ? h.portfolio().customer() : null, m.siloedTotal(), harmonized, m.collateral().postHaircut(),
                onDate, revalued, notRevalued, mpor, unshocked(days), regimes(days), breachDays(days));
        return new Computed(b, daily, eligible ? h : null);
    }

    /**
     * The account's P&amp;L per day: each horizon's revaluation summed over the days every horizon can see (those
     * with a day {@code mpor} files later); the collateral as the longest horizon moves it. No day when nothing was
     * revalued.
     */
    private Daily daily(int mpor, StressRevaluation.Result[] results, double collateral) {
        int n = mpor == 0 ? 0 : series.size() - mpor;
        double[] pnl = new double[n];
        double[] coll = new double[n];
        Arrays.fill(coll, collateral);
        List<TreeSet<String>> unshocked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            unshocked.add(new TreeSet<>());
        }
        for (int k = 0; k < HORIZONS.length; k++) {
            StressRevaluation.Result r = results[k];
            if (r == null || r.revalued() == 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                pnl[i] += r.pnl()[i];
                unshocked.get(i).addAll(r.unshocked().get(i));
                if (HORIZONS[k] == mpor) {
                    coll[i] = r.collateralAfter()[i];
                }
            }
        }
        return new Daily(mpor, collateral, pnl, coll, unshocked.stream().map(u -> (List<String>) List.copyOf(u)).toList());
    }

    /** The days observed with an MPOR of {@code mpor}, as the scenarios of its horizon; none for 0. */
    private List<Scenario> days(int mpor) {
        return mpor == 0 ? List.of() : revaluations[Arrays.binarySearch(HORIZONS, mpor)].scenarios();
    }

    private static Map<Regime, Breaches> regimes(List<ScenarioCoverage> days) {
        Map<Regime, Breaches> out = new EnumMap<>(Regime.class);
        for (Regime r : Regime.values()) {
            int breaches = 0;
            BigDecimal largest = BigDecimal.ZERO.setScale(2);
            String on = null;
            BigDecimal sum = BigDecimal.ZERO.setScale(2);
            for (ScenarioCoverage d : days) {
                BigDecimal s = d.shortfall(r);
                if (s.signum() > 0) {
                    breaches++;
                    sum = sum.add(s);
                    if (s.compareTo(largest) > 0) {
                        largest = s;
                        on = day(d.scenario());
                    }
                }
            }
            out.put(r, new Breaches(days.size(), breaches, largest, on, sum, mean(sum, breaches),
                    coverage(days.size(), breaches)));
        }
        return out;
    }

    private static BigDecimal mean(BigDecimal sum, long count) {
        return count == 0 ? BigDecimal.ZERO.setScale(2) : sum.divide(BigDecimal.valueOf(count), 2,
                RoundingMode.HALF_EVEN);
    }

    private static List<String> unshocked(List<ScenarioCoverage> days) {
        TreeSet<String> all = new TreeSet<>();
        days.forEach(d -> all.addAll(d.unshockedFactors()));
        return List.copyOf(all);
    }

    private static List<ScenarioCoverage> breachDays(List<ScenarioCoverage> days) {
        return days.stream().filter(d -> Arrays.stream(Regime.values()).anyMatch(r -> d.shortfall(r).signum() > 0))
                .toList();
    }

    /** The start date of a day's scenario id ({@code 2026-10-01+5d}). */
    private static String day(String scenarioId) {
        return scenarioId.substring(0, scenarioId.indexOf('+'));
    }

    private static BigDecimal coverage(long observations, long breaches) {
        return observations == 0 ? null : BigDecimal.valueOf(observations - breaches)
                .divide(BigDecimal.valueOf(observations), 4, RoundingMode.HALF_EVEN);
    }

    private void add(Computed c) {
        AccountBacktest a = c.backtest();
        if (!a.firm().equals(firm)) {
            flushPortfolios();
            firm = a.firm();
        }
        String who = a.account() + " (" + a.segregationClass() + ")";
        firms.computeIfAbsent(a.firm(), k -> new Tally()).accounts.add(who, a.regimes());
        market.accounts.add(who, a.regimes());
        if (c.harmonized() != null) {
            Harmonized.Portfolio p = c.harmonized().portfolio();
            portfolios.computeIfAbsent(p.customer(), k -> new Portfolio(a.firm(), p)).add(who, c.daily(),
                    a.collateralPostHaircut().doubleValue());
        }
        output.account(a);
    }

    private void flushPortfolios() {
        for (Portfolio p : portfolios.values()) {
            PortfolioBacktest pb = p.backtest();
            firms.get(p.firm).portfolios.add(pb.customer(), pb.regimes());
            market.portfolios.add(pb.customer(), pb.regimes());
            output.portfolio(pb);
        }
        portfolios.clear();
    }

    /** A harmonized portfolio being summed over its members, day by day. */
    private final class Portfolio {
        final String firm;
        final Harmonized.Portfolio figures;
        final List<String> members = new ArrayList<>();
        final List<Daily> dailies = new ArrayList<>();
        double collateral;

        Portfolio(String firm, Harmonized.Portfolio figures) {
            this.firm = firm;
            this.figures = figures;
        }

        void add(String member, Daily daily, double memberCollateral) {
            members.add(member);
            dailies.add(daily);
            collateral += memberCollateral;
        }

        /** The days every member with a revalued position can see; a member with none adds nothing. */
        PortfolioBacktest backtest() {
            int mpor = dailies.stream().mapToInt(Daily::mpor).max().orElse(0);
            int n = mpor == 0 ? 0 : series.size() - mpor;
            double[] pnl = new double[n];
            double[] coll = new double[n];
            List<TreeSet<String>> unshocked = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                unshocked.add(new TreeSet<>());
            }
            for (Daily d : dailies) {
                for (int i = 0; i < n; i++) {
                    pnl[i] += d.mpor() == 0 ? 0 : d.pnl()[i];
                    coll[i] += d.mpor() == 0 ? d.collateral() : d.collateralAfter()[i];
                    if (d.mpor() > 0) {
                        unshocked.get(i).addAll(d.unshocked().get(i));
                    }
                }
            }
            List<ScenarioCoverage> days = Coverage.scenarios(days(mpor), pnl,
                    figures.siloed().doubleValue(), figures.total().doubleValue(), coll,
                    unshocked.stream().map(u -> (List<String>) List.copyOf(u)).toList());
            return new PortfolioBacktest(firm, figures.customer(), members, figures.siloed(), figures.total(),
                    Explain.usd(collateral), mpor, regimes(days), breachDays(days));
        }

    }

    /** A firm's or the market's counts: accounts and portfolios. */
    private static final class Tally {
        final RegimeTally accounts = new RegimeTally();
        final RegimeTally portfolios = new RegimeTally();

        Level level(String firm) {
            return new Level(firm, accounts.count, accounts.tested, portfolios.count, portfolios.tested,
                    accounts.levels(), portfolios.levels());
        }
    }

    /** Per regime, over a set of accounts (or portfolios). */
    private static final class RegimeTally {
        int count;
        int tested;
        final long[] observations = new long[Regime.values().length];
        final long[] breaches = new long[Regime.values().length];
        final int[] breached = new int[Regime.values().length];
        final BigDecimal[] sum = new BigDecimal[Regime.values().length];
        final BigDecimal[] largest = new BigDecimal[Regime.values().length];
        final String[] largestAt = new String[Regime.values().length];

        RegimeTally() {
            Arrays.fill(sum, BigDecimal.ZERO.setScale(2));
            Arrays.fill(largest, BigDecimal.ZERO.setScale(2));
        }

        void add(String who, Map<Regime, Breaches> regimes) {
            count++;
            tested += regimes.get(Regime.SILOED).observations() > 0 ? 1 : 0;
            for (Regime r : Regime.values()) {
                Breaches b = regimes.get(r);
                int i = r.ordinal();
                observations[i] += b.observations();
                breaches[i] += b.breaches();
                breached[i] += b.breaches() > 0 ? 1 : 0;
                sum[i] = sum[i].add(b.totalBreach());
                if (b.largestBreach().compareTo(largest[i]) > 0) {
                    largest[i] = b.largestBreach();
                    largestAt[i] = who + " " + b.largestOn();
                }
            }
        }

        Map<Regime, RegimeLevel> levels() {
            Map<Regime, RegimeLevel> out = new TreeMap<>();
            for (Regime r : Regime.values()) {
                int i = r.ordinal();
                out.put(r, new RegimeLevel(observations[i], breaches[i], breached[i], largest[i], largestAt[i],
                        sum[i], mean(sum[i], breaches[i]), coverage(observations[i], breaches[i])));
            }
            return out;
        }
    }
}
