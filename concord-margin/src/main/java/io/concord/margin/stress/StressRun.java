package io.concord.margin.stress;

import io.concord.margin.engine.AccountMargin;
import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.engine.MarginSink;
import io.concord.margin.MarketContext;
import io.concord.margin.harmonized.Harmonized;
import io.concord.margin.stress.Coverage.AccountCoverage;
import io.concord.margin.stress.Coverage.PortfolioCoverage;
import io.concord.margin.stress.Coverage.Regime;
import io.concord.margin.stress.Coverage.ScenarioCoverage;
import io.concord.model.Position;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stress of a margin run, computed as the accounts are margined (a {@link MarginSink}): each account's positions
 * are revalued under every scenario on a margin thread, its coverage handed to the {@link Output} in account order,
 * and the counts kept per firm and for the market. A harmonized portfolio (a customer's eligible accounts, all of
 * one firm) is complete once its firm's accounts have passed, so portfolios are handed over firm by firm: only one
 * firm's portfolios are held at a time.
 */
public final class StressRun implements MarginSink {

    /** Where the coverage goes: the JSON document, a test. */
    public interface Output {
        void begin(MarginRun run, List<Scenario> scenarios);

        void account(AccountCoverage account);

        void portfolio(PortfolioCoverage portfolio);

        void end(List<Level> firms, Level market);
    }

    /**
     * Under-margining under one regime in one scenario.
     *
     * @param covered        accounts (or portfolios) whose loss the figure covers
     * @param underMargined  those whose loss exceeds it
     * @param shortfall      the sum of their shortfalls (USD)
     */
    public record RegimeCount(int covered, int underMargined, BigDecimal shortfall) {
    }

    /**
     * One scenario over a firm's or the market's accounts and portfolios.
     *
     * @param scenario    scenario id
     * @param loss        the accounts' losses summed (USD; gains count zero)
     * @param accounts    per regime (SILOED, HARMONIZED, COLLATERAL) how many accounts it covers and fails
     * @param portfolioLoss  the harmonized portfolios' losses summed
     * @param portfolios  per regime, over the harmonized portfolios
     */
    public record ScenarioLevel(String scenario, BigDecimal loss, Map<Regime, RegimeCount> accounts,
                                BigDecimal portfolioLoss, Map<Regime, RegimeCount> portfolios) {
    }

    /**
     * A firm's (or the market's, {@code firm} null) stress coverage: what {@code margin/summary.json} and
     * {@code regulator/margin-by-firm.json} carry.
     *
     * @param accounts       accounts margined
     * @param portfolios     harmonized portfolios
     * @param worstScenario  the scenario with the largest summed account loss (null when none loses)
     * @param worst          that scenario's figures
     * @param scenarios      every scenario's figures, in library order
     */
    public record Level(String firm, int accounts, int portfolios, String worstScenario, ScenarioLevel worst,
                        List<ScenarioLevel> scenarios) {
    }

    private final StressRevaluation revaluation;
    private final Output output;
    private final Tally market;
    private final Map<String, Tally> firms = new LinkedHashMap<>();
    private final Map<String, Portfolio> portfolios = new LinkedHashMap<>();
    private MarketContext marketContext;
    private String firm;
    private AccountCoverage last;
    private List<Level> firmLevels = List.of();
    private Level marketLevel;

    public StressRun(StressRevaluation revaluation, Output output) {
        this.revaluation = revaluation;
        this.output = output;
        this.market = new Tally(revaluation.scenarios().size());
    }

    public List<Scenario> scenarios() {
        return revaluation.scenarios();
    }

    @Override
    public void market(MarketContext market) {
        this.marketContext = market;
    }

    @Override
    public void begin(MarginRun run) {
        output.begin(run, revaluation.scenarios());
    }

    /** The coverage computed last on this margin thread, for the sinks that prepare the same account after this. */
    private final ThreadLocal<AccountCoverage> prepared = new ThreadLocal<>();

    @Override
    public Runnable prepare(MarginAccount account, AccountMargin margin, List<Position> positions) {
        if (margin == null) {
            prepared.remove();
            return () -> { };
        }
        Computed c = compute(account, margin, positions);
        prepared.set(c.coverage());
        return () -> add(c);
    }

    /**
     * The coverage of {@code account} for a sink that comes after this run in {@link MarginSink#all}: in its
     * {@link #prepare} (on the margin thread that just computed it) or in its ordered {@link #account}; null when
     * the account has none.
     */
    public AccountCoverage coverage(MarginAccount account) {
        AccountCoverage c = prepared.get();
        return c != null && same(c, account) ? c : last(account);
    }

    private static boolean same(AccountCoverage c, MarginAccount account) {
        return c.firm().equals(account.firm()) && c.account().equals(account.account())
                && c.segregationClass().equals(String.valueOf(account.segregationClass()));
    }

    @Override
    public void account(MarginAccount account, AccountMargin margin, List<Position> positions) {
        prepare(account, margin, positions).run();
    }

    @Override
    public void end() {
        flushPortfolios();
        List<Level> levels = new ArrayList<>();
        firms.forEach((lei, t) -> levels.add(t.level(lei, revaluation.scenarios())));
        firmLevels = List.copyOf(levels);
        marketLevel = market.level(null, revaluation.scenarios());
        output.end(firmLevels, marketLevel);
    }

    /** The firm's level once the run has ended; null for a firm with no margined account. */
    public Level firm(String lei) {
        return firmLevels.stream().filter(l -> l.firm().equals(lei)).findFirst().orElse(null);
    }

    /** The market level once the run has ended. */
    public Level market() {
        return marketLevel;
    }

    /** An account's coverage with what its portfolio needs. */
    private record Computed(AccountCoverage coverage, double[] pnl, double[] collateralAfter, Harmonized harmonized,
                            List<List<String>> unshocked) {
    }

    private Computed compute(MarginAccount a, AccountMargin m, List<Position> positions) {
        List<Position> onDate = new ArrayList<>(positions.size());
        for (Position p : positions) {
            if (marketContext != null && p.asOf().equals(marketContext.asOf())) {
                onDate.add(p);
            }
        }
        StressRevaluation.Result r = revaluation.revalue(a, onDate, m.collateral(), marketContext);
        double siloed = m.siloedTotal().doubleValue();
        Harmonized h = m.harmonized();
        BigDecimal harmonizedTotal = h == null ? m.siloedTotal() : h.total();
        List<ScenarioCoverage> sc = Coverage.scenarios(revaluation.scenarios(), r.pnl(), siloed,
                harmonizedTotal.doubleValue(), r.collateralAfter(), r.unshocked());
        boolean eligible = h != null && h.eligible() && h.portfolio() != null;
        AccountCoverage c = new AccountCoverage(a.firm(), a.account(), String.valueOf(a.segregationClass()),
                eligible ? h.portfolio().customer() : null, m.siloedTotal(), harmonizedTotal,
                m.collateral().postHaircut(), r.positions(), r.revalued(), r.notRevalued(), sc, Coverage.worst(sc));
        return new Computed(c, r.pnl(), r.collateralAfter(), eligible ? h : null, r.unshocked());
    }

    private void add(Computed c) {
        AccountCoverage a = c.coverage();
        if (!a.firm().equals(firm)) {
            flushPortfolios();
            firm = a.firm();
        }
        firms.computeIfAbsent(a.firm(), k -> new Tally(revaluation.scenarios().size())).addAccount(a.scenarios());
        market.addAccount(a.scenarios());
        if (c.harmonized() != null) {
            Harmonized.Portfolio p = c.harmonized().portfolio();
            portfolios.computeIfAbsent(p.customer(), k -> new Portfolio(a.firm(), p,
                    revaluation.scenarios().size())).add(a.account() + " (" + a.segregationClass() + ")", c.pnl(),
                    c.collateralAfter(), a.collateralPostHaircut().doubleValue(), c.unshocked());
        }
        last = a;
        output.account(a);
    }

    /**
     * The coverage of {@code account} when it is the account last added (a sink placed after this run in
     * {@link MarginSink#all} reads the coverage of the account it is given), else null.
     */
    public AccountCoverage last(MarginAccount account) {
        return last != null && same(last, account) ? last : null;
    }

    /**
     * The firm's level from the accounts added so far: complete once the next firm's first account (or the end) has
     * been added, when its portfolios are summed. Null for a firm with no account added.
     */
    public Level firmSoFar(String lei) {
        Tally t = firms.get(lei);
        return t == null ? null : t.level(lei, revaluation.scenarios());
    }

    private void flushPortfolios() {
        for (Portfolio p : portfolios.values()) {
            PortfolioCoverage pc = p.coverage(revaluation.scenarios());
            firms.get(p.firm).addPortfolio(pc.scenarios());
            market.addPortfolio(pc.scenarios());
            output.portfolio(pc);
        }
        portfolios.clear();
    }

    /** A harmonized portfolio being summed over its member accounts. */
    private static final class Portfolio {
        final String firm;
        final Harmonized.Portfolio figures;
        final List<String> members = new ArrayList<>();
        final double[] pnl;
        final double[] collateralAfter;
        final List<java.util.TreeSet<String>> unshocked = new ArrayList<>();
        double collateral;

        Portfolio(String firm, Harmonized.Portfolio figures, int scenarios) {
            this.firm = firm;
            this.figures = figures;
            this.pnl = new double[scenarios];
            this.collateralAfter = new double[scenarios];
            for (int i = 0; i < scenarios; i++) {
                unshocked.add(new java.util.TreeSet<>());
            }
        }

        void add(String member, double[] memberPnl, double[] memberCollateralAfter, double memberCollateral,
                 List<List<String>> memberUnshocked) {
            members.add(member);
            for (int i = 0; i < pnl.length; i++) {
                pnl[i] += memberPnl[i];
                collateralAfter[i] += memberCollateralAfter[i];
                unshocked.get(i).addAll(memberUnshocked.get(i));
            }
            collateral += memberCollateral;
        }

        PortfolioCoverage coverage(List<Scenario> library) {
            List<ScenarioCoverage> sc = Coverage.scenarios(library, pnl, figures.siloed().doubleValue(),
                    figures.total().doubleValue(), collateralAfter,
                    unshocked.stream().map(u -> (List<String>) List.copyOf(u)).toList());
            return new PortfolioCoverage(firm, figures.customer(), members, figures.siloed(), figures.total(),
                    Explain.usd(collateral), sc, Coverage.worst(sc));
        }
    }

    /** Counts per scenario and regime over accounts and portfolios. */
    private static final class Tally {
        int accounts;
        int portfolios;
        final double[] loss;
        final double[] portfolioLoss;
        final int[][] under;
        final int[][] portfolioUnder;
        final BigDecimal[][] shortfall;
        final BigDecimal[][] portfolioShortfall;

        Tally(int scenarios) {
            loss = new double[scenarios];
            portfolioLoss = new double[scenarios];
            int regimes = Regime.values().length;
            under = new int[scenarios][regimes];
            portfolioUnder = new int[scenarios][regimes];
            shortfall = zeros(scenarios, regimes);
            portfolioShortfall = zeros(scenarios, regimes);
        }

        private static BigDecimal[][] zeros(int n, int m) {
            BigDecimal[][] z = new BigDecimal[n][m];
            for (BigDecimal[] row : z) {
                java.util.Arrays.fill(row, BigDecimal.ZERO.setScale(2));
            }
            return z;
        }

        void addAccount(List<ScenarioCoverage> sc) {
            accounts++;
            add(sc, loss, under, shortfall);
        }

        void addPortfolio(List<ScenarioCoverage> sc) {
            portfolios++;
            add(sc, portfolioLoss, portfolioUnder, portfolioShortfall);
        }

        private static void add(List<ScenarioCoverage> sc, double[] loss, int[][] under, BigDecimal[][] shortfall) {
            for (int i = 0; i < sc.size(); i++) {
                ScenarioCoverage s = sc.get(i);
                loss[i] += s.loss().doubleValue();
                for (Regime r : Regime.values()) {
                    BigDecimal f = s.shortfall(r);
                    if (f.signum() > 0) {
                        under[i][r.ordinal()]++;
                        shortfall[i][r.ordinal()] = shortfall[i][r.ordinal()].add(f);
                    }
                }
            }
        }

        Level level(String firm, List<Scenario> library) {
            List<ScenarioLevel> levels = new ArrayList<>();
            int worst = -1;
            for (int i = 0; i < library.size(); i++) {
                levels.add(new ScenarioLevel(library.get(i).id(), Explain.usd(loss[i]),
                        counts(accounts, under[i], shortfall[i]), Explain.usd(portfolioLoss[i]),
                        counts(portfolios, portfolioUnder[i], portfolioShortfall[i])));
                if (loss[i] > 0.005 && (worst < 0 || loss[i] > loss[worst])) {
                    worst = i;
                }
            }
            return new Level(firm, accounts, portfolios, worst < 0 ? null : library.get(worst).id(),
                    worst < 0 ? null : levels.get(worst), levels);
        }

        private static Map<Regime, RegimeCount> counts(int n, int[] under, BigDecimal[] shortfall) {
            Map<Regime, RegimeCount> m = new EnumMap<>(Regime.class);
            for (Regime r : Regime.values()) {
                m.put(r, new RegimeCount(n - under[r.ordinal()], under[r.ordinal()], shortfall[r.ordinal()]));
            }
            return m;
        }
    }
}
