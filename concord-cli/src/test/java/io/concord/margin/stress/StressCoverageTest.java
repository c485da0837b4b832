package io.concord.margin.stress;

import io.concord.book.AccountBook;
import io.concord.margin.engine.AccountMargin;
import io.concord.margin.MarginAccount;
import io.concord.margin.engine.MarginEngine;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.engine.MarginSink;
import io.concord.margin.stress.Coverage.AccountCoverage;
import io.concord.margin.stress.Coverage.PortfolioCoverage;
import io.concord.margin.stress.Coverage.ScenarioCoverage;
import io.concord.model.Position;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.concord.margin.Fixtures.AS_OF;
import static io.concord.margin.Fixtures.FIRM;
import static io.concord.margin.Fixtures.MAPPINGS;
import static io.concord.margin.Fixtures.RISK;
import static io.concord.margin.Fixtures.position;
import static io.concord.margin.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Worked examples by hand: one account per silo and one harmonized portfolio revalued under the shipped scenarios,
 * their losses set against the siloed margin, the harmonized margin and the collateral.
 */
class StressCoverageTest {

    static final List<Scenario> LIBRARY = StressScenarios.load(Path.of("mappings/stress"));

    /** What a run handed to its output. */
    static final class Collected implements StressRun.Output {
        final List<AccountCoverage> accounts = new ArrayList<>();
        final List<PortfolioCoverage> portfolios = new ArrayList<>();
        final List<AccountMargin> margins = new ArrayList<>();
        StressRun.Level market;

        @Override
        public void begin(MarginRun run, List<Scenario> scenarios) {
        }

        @Override
        public void account(AccountCoverage account) {
            accounts.add(account);
        }

        @Override
        public void portfolio(PortfolioCoverage portfolio) {
            portfolios.add(portfolio);
        }

        @Override
        public void end(List<StressRun.Level> firms, StressRun.Level market) {
            this.market = market;
        }

        AccountCoverage account(String id) {
            return accounts.stream().filter(a -> a.account().equals(id)).findFirst().orElseThrow();
        }

        AccountMargin margin(String id) {
            return margins.stream().filter(a -> a.account().equals(id)).findFirst().orElseThrow();
        }
    }

    static Collected run(MarginEngine engine, List<Position> book) {
        Collected out = new Collected();
        StressRun stress = new StressRun(new StressRevaluation(LIBRARY, engine.parameters()), out);
        MarginSink margins = new MarginSink() {
            @Override
            public void begin(MarginRun run) {
            }

            @Override
            public void account(MarginAccount account, AccountMargin margin, List<Position> positions) {
                if (margin != null) {
                    out.margins.add(margin);
                }
            }

            @Override
            public void end() {
            }
        };
        engine.run("test", AccountBook.of(book), List.of(), MarginSink.all(List.of(stress, margins)));
        return out;
    }

    static ScenarioCoverage in(AccountCoverage a, String scenario) {
        return a.scenarios().stream().filter(s -> s.scenario().equals(scenario)).findFirst().orElseThrow();
    }

    static Position in(String account, SegregationClass sc, Position p) {
        return new Position(FIRM, account, sc, p.product(), p.longQty(), p.shortQty(), p.quantities(), p.price(),
                p.marketValue(), p.asOf(), p.location(), ReportAction.NEW, p.lineage());
    }

    private final MarginEngine engine = MarginEngine.standard(MAPPINGS.taxonomy(), RISK);

    private final Collected run = run(engine, book());

    @Test
    void secRegTStockAccount() {
        // 1,000 AAPL at 200.00 = 200,000.00; Reg T / FINRA 4210 long stock maintenance 25 % (risk/reg-t.yaml) =
        // 50,000.00. Black Monday moves single stocks by the labelled Dow proxy -22.61 % (CNN Money 1997-10-13):
        // 200,000 x -0.2261 = -45,220.00, covered. The hypothetical equities -25 %: -50,000.00, exactly the margin:
        // covered with no shortfall. The FTX day moves only bitcoin: AAPL is listed as unshocked.
        AccountCoverage a = run.account("REGT-1");
        assertThat(a.siloed()).isEqualByComparingTo("50000.00");
        assertThat(in(a, "black-monday-1987").pnl()).isEqualByComparingTo("-45220.00");
        assertThat(in(a, "black-monday-1987").shortfallSiloed()).isEqualByComparingTo("0");
        assertThat(in(a, "hypothetical-equities-yields-btc").loss()).isEqualByComparingTo("50000.00");
        assertThat(in(a, "hypothetical-equities-yields-btc").shortfallSiloed()).isEqualByComparingTo("0");
        assertThat(in(a, "ftx-2022-11-09").unshockedFactors()).containsExactly("EQ:AAPL");
        assertThat(a.worst().scenario()).isEqualTo("hypothetical-equities-yields-btc");
        assertThat(a.worst().siloedCovers()).isTrue();
        // no collateral: the whole loss is short of collateral
        assertThat(a.worst().collateralCovers()).isFalse();
        assertThat(in(a, "hypothetical-equities-yields-btc").shortfallCollateral()).isEqualByComparingTo("50000.00");
    }

    @Test
    void secPortfolioMarginAccountIsShortWhereRegTWasNot() {
        // The same 1,000 AAPL at 200.00 in C-10022, approved for portfolio margin (risk/accounts.yaml): FINRA
        // 4210(g) scans single names +/-15 % (risk/sec-pm.yaml): 200,000 x 15 % = 30,000.00. Black Monday's -22.61 %
        // loses 45,220.00: 15,220.00 more than portfolio margin holds, where Reg T's 50,000.00 covered it.
        AccountCoverage a = run.account("C-10022");
        assertThat(a.siloed()).isEqualByComparingTo("30000.00");
        assertThat(in(a, "black-monday-1987").loss()).isEqualByComparingTo("45220.00");
        assertThat(in(a, "black-monday-1987").shortfallSiloed()).isEqualByComparingTo("15220.00");
        // not eligible for a harmonized portfolio: its harmonized figure is its siloed one
        assertThat(a.portfolio()).isNull();
        assertThat(in(a, "black-monday-1987").shortfallHarmonized()).isEqualByComparingTo("15220.00");
        // 16 Mar 2020, -12.9 % by the Dow proxy: 25,800.00, covered
        assertThat(in(a, "covid-2020-03-16").shortfallSiloed()).isEqualByComparingTo("0");
    }

    @Test
    void secTreasuryByDv01() {
        // 1,000,000 face of a 5-10 year note at 100.00 (x 0.01) = 1,000,000.00; DV01 = value x modified duration 8.0
        // (risk/harmonized.yaml IR:UST:10Y) x 0.0001 = 800.00 per bp. FINRA 4210(e)(2)(A) 5-10 years 4 % = 40,000.00.
        // Yields +100 bp (hypothetical): -80,000.00, short of the margin by 40,000.00. Yields -100 bp: a gain.
        // SVB moved only the 2-year yield: the 10-year stays unshocked.
        AccountCoverage a = run.account("UST-1");
        assertThat(a.siloed()).isEqualByComparingTo("40000.00");
        assertThat(in(a, "hypothetical-rates-up-credit-wider").pnl()).isEqualByComparingTo("-80000.00");
        assertThat(in(a, "hypothetical-rates-up-credit-wider").shortfallSiloed()).isEqualByComparingTo("40000.00");
        assertThat(in(a, "hypothetical-equities-yields-btc").pnl()).isEqualByComparingTo("80000.00");
        assertThat(in(a, "hypothetical-equities-yields-btc").loss()).isEqualByComparingTo("0");
        assertThat(in(a, "svb-2023-03-13").unshockedFactors()).containsExactly("IR:UST:10Y");
    }

    @Test
    void cftcSpanFuturesAccount() {
        // 10 ES x 50 x 6,852.25 = 3,426,125.00 of S&P 500 exposure; SPAN 10 x price scan range 22,500 (risk/span.yaml
        // CME:ES) = 225,000.00. Black Monday S&P 500 -20.47 % (57.86 / 282.70, CNN Money 1997-10-13):
        // 3,426,125 x -0.2047 = -701,327.79: short of SPAN by 476,327.79. 16 Mar 2020 -11.98 %: -410,449.78
        // (shortfall 185,449.78).
        AccountCoverage a = run.account("FUT-1");
        assertThat(a.siloed()).isEqualByComparingTo("225000.00");
        assertThat(in(a, "black-monday-1987").pnl()).isEqualByComparingTo("-701327.79");
        assertThat(in(a, "black-monday-1987").shortfallSiloed()).isEqualByComparingTo("476327.79");
        assertThat(in(a, "covid-2020-03-16").shortfallSiloed()).isEqualByComparingTo("185449.78");
        assertThat(a.worst().siloedCovers()).isFalse();
    }

    @Test
    void eventContractsByOutcome() {
        // 1,000 YES at 0.40, fully collateralized: EVENT 400.00. A scenario resolving every event against its holder
        // loses the 400.00 paid: covered exactly. Historical scenarios leave event contracts unchanged, and say so.
        AccountCoverage a = run.account("EVT-1");
        assertThat(a.siloed()).isEqualByComparingTo("400.00");
        assertThat(in(a, "hypothetical-equities-yields-btc").loss()).isEqualByComparingTo("400.00");
        assertThat(in(a, "hypothetical-equities-yields-btc").shortfallSiloed()).isEqualByComparingTo("0");
        assertThat(in(a, "black-monday-1987").pnl()).isEqualByComparingTo("0");
        assertThat(in(a, "black-monday-1987").unshockedFactors()).containsExactly("EVENT:CPI-26DEC");
    }

    @Test
    void scheduleCdsByCs01() {
        // protection sold on Ford, 10,000,000 notional, 3 years: CS01 = 10,000,000 x risky duration 4.5
        // (risk/harmonized.yaml) x 0.0001 = 4,500.00 per bp, lost as spreads widen. Credit +150 bp (hypothetical):
        // -675,000.00. BCBS-IOSCO schedule, credit 2-5 years 5 % of notional = 500,000.00 gross; with no
        // replacement cost NGR is taken as 1 (net = 0.4 x 500,000 + 0.6 x 1 x 500,000 = 500,000.00): short 175,000.00.
        AccountCoverage a = run.account("CDS-1");
        assertThat(a.siloed()).isEqualByComparingTo("500000.00");
        assertThat(in(a, "hypothetical-rates-up-credit-wider").pnl()).isEqualByComparingTo("-675000.00");
        assertThat(in(a, "hypothetical-rates-up-credit-wider").shortfallSiloed())
                .isEqualByComparingTo("175000.00");
        assertThat(in(a, "hypothetical-equities-yields-btc").pnl()).isEqualByComparingTo("-450000.00");
    }

    @Test
    void aSwapWithoutARevaluationIsListedNotGuessed() {
        AccountCoverage a = run.account("SWP-1");
        assertThat(a.positions()).isEqualTo(a.revalued() + a.notRevalued().size());
        assertThat(a.notRevalued()).singleElement().satisfies(n -> assertThat(n.reason())
                .contains("no duration or spread sensitivity for IR:USD:SWAP"));
        assertThat(a.scenarios()).allSatisfy(s -> assertThat(s.pnl()).isEqualByComparingTo("0"));
    }

    @Test
    void harmonizedPortfolio() {
        // XM-1: 2,000 SPY at 685.00 = 1,370,000.00 long against 2 ES short = 685,225.00 (2 x 50 x 6,852.25), both on
        // EQ:SPX. Siloed: Reg T 25 % of 1,370,000 = 342,500.00 + SPAN 2 x 22,500 = 45,000.00 = 387,500.00.
        // Harmonized (harmonized.yaml joint scan, range down to Reg T's 25 %): -342,500 + 171,306.25 = 171,193.75.
        // Black Monday -20.47 %: -280,439.00 + 140,265.56 = -140,173.44, covered by both; the hypothetical -25 %
        // loses 171,193.75, exactly the harmonized figure: covered, nothing to spare.
        AccountCoverage a = run.account("XM-1");
        assertThat(a.portfolio()).isEqualTo("XM-1");
        assertThat(a.siloed()).isEqualByComparingTo("387500.00");
        assertThat(a.harmonized()).isEqualByComparingTo("171193.75");
        PortfolioCoverage p = run.portfolios.stream().filter(x -> x.customer().equals("XM-1")).findFirst()
                .orElseThrow();
        assertThat(p.accounts()).containsExactly("XM-1 (XM)");
        ScenarioCoverage black = p.scenarios().stream().filter(s -> s.scenario().equals("black-monday-1987"))
                .findFirst().orElseThrow();
        assertThat(black.pnl()).isEqualByComparingTo("-140173.44");
        assertThat(black.shortfallHarmonized()).isEqualByComparingTo("0");
        assertThat(p.worst().scenario()).isEqualTo("hypothetical-equities-yields-btc");
        assertThat(p.worst().loss()).isEqualByComparingTo("171193.75");
        assertThat(p.worst().harmonizedCovers()).isTrue();
        assertThat(p.scenarios().stream().filter(s -> s.scenario().equals("ftx-2022-11-09")).findFirst()
                .orElseThrow().unshockedFactors()).containsExactly("EQ:SPX");
    }

    @Test
    void marketCountsUnderMarginedAccountsPerScenarioAndRegime() {
        StressRun.Level m = run.market;
        assertThat(m.accounts()).isEqualTo(8);
        assertThat(m.portfolios()).isEqualTo(1);
        StressRun.ScenarioLevel black = m.scenarios().stream().filter(s -> s.scenario().equals("black-monday-1987"))
                .findFirst().orElseThrow();
        // FUT-1 and C-10022 lose more than their margin on 19 Oct 1987: 476,327.79 + 15,220.00; every loss-making
        // account lacks collateral
        assertThat(black.accounts().get(Coverage.Regime.SILOED).underMargined()).isEqualTo(2);
        assertThat(black.accounts().get(Coverage.Regime.SILOED).shortfall()).isEqualByComparingTo("491547.79");
        assertThat(black.accounts().get(Coverage.Regime.HARMONIZED).underMargined()).isEqualTo(2);
        assertThat(black.accounts().get(Coverage.Regime.COLLATERAL).underMargined()).isEqualTo(4);
        // the accounts' losses: 45,220.00 (C-10022) + 45,220.00 (REGT-1) + 701,327.79 + 140,173.44
        assertThat(black.loss()).isEqualByComparingTo("931941.23");
        // worst: the hypothetical, 50,000 x 2 + 856,531.25 + 400 + 450,000 + 171,193.75
        assertThat(m.worstScenario()).isEqualTo("hypothetical-equities-yields-btc");
        assertThat(m.worst().loss()).isEqualByComparingTo("1578125.00");
        for (StressRun.ScenarioLevel s : m.scenarios()) {
            s.accounts().values().forEach(c -> assertThat(c.covered() + c.underMargined()).isEqualTo(8));
        }
    }

    static List<Position> book() {
        return List.of(
                // SEC Reg T: 1,000 AAPL at 200.00
                in("REGT-1", SegregationClass.SEC_15C3_3_CUST, io.concord.margin.Fixtures.stock("AAPL", 1_000, 200)),
                // SEC portfolio margin: the same stock in an approved account
                in("C-10022", SegregationClass.SEC_15C3_3_CUST, io.concord.margin.Fixtures.stock("AAPL", 1_000, 200)),
                // SEC Reg T: a 5-10 year Treasury note, 1,000,000 face at 100.00
                in("UST-1", SegregationClass.SEC_15C3_3_CUST, position(product("RATES/GOVT/CASH_BOND_5_10Y", null,
                        null, "IR:UST:10Y", 0.01, "SEC:UST", AS_OF.plusYears(8), null, null, Map.of()), 1_000_000,
                        100.0)),
                // CFTC SPAN: long 10 E-mini S&P 500 Dec-26 at 6,852.25
                in("FUT-1", SegregationClass.CFTC_4D_FUT, position(product("EQUITY/INDEX_HIGH_CAP/FUTURE", "ES",
                        "202612", "EQ:SPX", 50, "CME:ES", AS_OF.plusDays(28), null, null, Map.of()), 10, 6852.25)),
                // event contracts: 1,000 YES at 0.40
                in("EVT-1", SegregationClass.CFTC_4D_FUT, position(product("EVENT/BINARY/CONTRACT", "CPI-26DEC-T3.0",
                        null, "EVENT:CPI-26DEC", 1, "EVENT:BINARY", null, null, null, Map.of("side", "YES", "event",
                                "CPI-26DEC", "series", "KXCPI", "mutuallyExclusive", "false")), 1_000, 0.40)),
                // schedule: protection sold on Ford, 10,000,000 notional, 3 years
                in("CDS-1", SegregationClass.UNCLEARED_IM_SEG, position(product("CREDIT/SINGLE_NAME/CDS", null, null,
                        "CR:F", 1, "OTC", AS_OF.plusYears(3), null, null, Map.of("notionalCurrency", "USD",
                                "notional", "10000000", "cleared", "false", "uti", "UTI-F")), -10_000_000, null,
                        0.0)),
                // schedule: an interest rate swap, which Concord cannot revalue under a scenario
                in("SWP-1", SegregationClass.UNCLEARED_IM_SEG, position(product("RATES/IRS/SWAP", null, null,
                        "IR:USD:SWAP", 1, "OTC", AS_OF.plusYears(5), null, null, Map.of("notionalCurrency", "USD",
                                "notional", "5000000", "cleared", "false", "uti", "UTI-S")), 5_000_000, null, 0.0)),
                // harmonized (XM): 2,000 SPY at 685.00 against short 2 ES
                in("XM-1", SegregationClass.XM, position(product("EQUITY/ETF/CASH", null, null, "EQ:SPX", 1,
                        "SEC:ETF:SPX", null, null, null, Map.of()), 2_000, 685.0, 1_370_000.0)),
                in("XM-1", SegregationClass.XM, position(product("EQUITY/INDEX_HIGH_CAP/FUTURE", "ES", "202612",
                        "EQ:SPX", 50, "CME:ES", AS_OF.plusDays(28), null, null, Map.of()), -2, 6852.25)));
    }
}
