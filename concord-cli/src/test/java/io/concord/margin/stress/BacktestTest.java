package io.concord.margin.stress;

import io.concord.book.AccountBook;
import io.concord.margin.engine.MarginEngine;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.engine.MarginSink;
import io.concord.margin.stress.BacktestRun.AccountBacktest;
import io.concord.margin.stress.BacktestRun.Breaches;
import io.concord.margin.stress.BacktestRun.PortfolioBacktest;
import io.concord.margin.stress.Coverage.Regime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static io.concord.margin.Fixtures.MAPPINGS;
import static io.concord.margin.Fixtures.RISK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Breach counting worked by hand, one account per silo and one harmonized portfolio, on the book of
 * {@link StressCoverageTest} (its margin figures are worked there) and a twelve-day series written here:
 *
 * <pre>
 * day  date        S&amp;P 500  AAPL   Ford spread
 *  0   2026-11-02  6000     200    2.00 %
 *  1   2026-11-03  6000     200    2.00 %
 *  2   2026-11-04  6000     200    2.00 %
 *  3   2026-11-05  5100     140    2.00 %
 *  4   2026-11-06  5100     140    2.00 %
 *  5   2026-11-09  5100     140    2.00 %
 *  6   2026-11-10  5100     140    2.00 %
 *  7   2026-11-11  5610     140    2.00 %
 *  8   2026-11-12  5610     160    2.00 %
 *  9   2026-11-13  5610     160    2.00 %
 * 10   2026-11-16  5610     160    3.25 %
 * 11   2026-11-17  5610     160    3.00 %
 * </pre>
 * A day d starts an observation when the day d + MPOR is in the series: 10 for a 2-day MPOR, 7 for 5 days, 2 for 10
 * days. A breach is a day whose loss over the MPOR exceeds the margin held (CPMI-IOSCO PQD 6.5: the number of times
 * the margin held fell below the exposure, the achieved coverage, the largest breach).
 */
class BacktestTest {

    static final double[] SPX = {6000, 6000, 6000, 5100, 5100, 5100, 5100, 5610, 5610, 5610, 5610, 5610};
    static final double[] AAPL = {200, 200, 200, 140, 140, 140, 140, 140, 160, 160, 160, 160};
    static final double[] FORD = {0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.0325, 0.03};
    static final LocalDate[] DAYS = {LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 4),
            LocalDate.of(2026, 11, 5), LocalDate.of(2026, 11, 6), LocalDate.of(2026, 11, 9), LocalDate.of(2026, 11, 10),
            LocalDate.of(2026, 11, 11), LocalDate.of(2026, 11, 12), LocalDate.of(2026, 11, 13),
            LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 17)};

    static final class Collected implements BacktestRun.Output {
        final List<AccountBacktest> accounts = new ArrayList<>();
        final List<PortfolioBacktest> portfolios = new ArrayList<>();
        BacktestRun.Level market;

        @Override
        public void begin(MarginRun run, BacktestSeries series) {
        }

        @Override
        public void account(AccountBacktest account) {
            accounts.add(account);
        }

        @Override
        public void portfolio(PortfolioBacktest portfolio) {
            portfolios.add(portfolio);
        }

        @Override
        public void end(List<BacktestRun.Level> firms, BacktestRun.Level market) {
            this.market = market;
        }

        Breaches of(String account, Regime r) {
            return account(account).regimes().get(r);
        }

        AccountBacktest account(String id) {
            return accounts.stream().filter(a -> a.account().equals(id)).findFirst().orElseThrow();
        }
    }

    static Collected run;

    @BeforeAll
    static void backtest(@TempDir Path dir) throws IOException {
        for (int i = 0; i < DAYS.length; i++) {
            Files.writeString(dir.resolve("md-" + DAYS[i] + ".yaml"), day(DAYS[i], SPX[i], AAPL[i], FORD[i]));
        }
        BacktestSeries series = BacktestSeries.load(dir);
        run = new Collected();
        MarginEngine engine = MarginEngine.standard(MAPPINGS.taxonomy(), RISK);
        BacktestRun backtest = new BacktestRun(series, engine.parameters(), run);
        engine.run("test", AccountBook.of(StressCoverageTest.book()), List.of(), MarginSink.all(List.of(backtest)));
    }

    static String day(LocalDate date, double spx, double aapl, double ford) {
        String src = "{value: %s, source: \"test series\"}";
        return "asOf: \"" + date + "\"\nriskFreeRate: " + src.formatted(0.04) + "\nriskFactors:\n"
                + "  \"EQ:SPX\":\n    price: " + src.formatted(spx) + "\n"
                + "  \"EQ:AAPL\":\n    price: " + src.formatted(aapl) + "\n"
                + "  \"CR:F\":\n    rate: " + src.formatted(ford) + "\nfxToUsd: {}\n";
    }

    @Test
    void cftcFuturesOverTwoDays() {
        // FUT-1: long 10 ES, 3,426,125.00 of S&P 500 exposure, SPAN 225,000.00; MPOR 2 days: 10 observations.
        // Day 1 (5100/6000 over days 1 to 3) and day 2 (days 2 to 4): -15 % = -513,918.75, 288,918.75 over SPAN.
        // Days 5, 6: +10 %, gains. Others flat. 2 breaches of 10: coverage 8/10; largest on 2026-11-03 (the first).
        Breaches b = run.of("FUT-1", Regime.SILOED);
        assertThat(run.account("FUT-1").mporDays()).isEqualTo(2);
        assertThat(b.observations()).isEqualTo(10);
        assertThat(b.breaches()).isEqualTo(2);
        assertThat(b.largestBreach()).isEqualByComparingTo("288918.75");
        assertThat(b.largestOn()).isEqualTo("2026-11-03");
        assertThat(b.totalBreach()).isEqualByComparingTo("577837.50");
        assertThat(b.coverage()).isEqualByComparingTo("0.8000");
        assertThat(run.account("FUT-1").breachDays()).extracting(d -> d.scenario())
                .containsExactly("2026-11-03+2d", "2026-11-04+2d");
    }

    @Test
    void secRegTStockOverFiveDays() {
        // REGT-1: 1,000 AAPL at 200.00, Reg T 50,000.00; MPOR 5 days: 7 observations (days 0 to 6).
        // Days 0, 1, 2 to days 5, 6, 7: 140/200 = -30 % = -60,000.00, 10,000.00 over Reg T each.
        // Days 3 to 6 end at 160 (or 140 from 140): no loss. 3 of 7: coverage 4/7 = 0.5714.
        // No collateral: each loss-making day breaches it by the whole loss.
        Breaches b = run.of("REGT-1", Regime.SILOED);
        assertThat(b.observations()).isEqualTo(7);
        assertThat(b.breaches()).isEqualTo(3);
        assertThat(b.largestBreach()).isEqualByComparingTo("10000.00");
        assertThat(b.largestOn()).isEqualTo("2026-11-02");
        assertThat(b.coverage()).isEqualByComparingTo("0.5714");
        assertThat(run.of("REGT-1", Regime.COLLATERAL).largestBreach()).isEqualByComparingTo("60000.00");
        // the same stock under portfolio margin (C-10022, 30,000.00): 30,000.00 short on the same three days
        assertThat(run.of("C-10022", Regime.SILOED).breaches()).isEqualTo(3);
        assertThat(run.of("C-10022", Regime.SILOED).totalBreach()).isEqualByComparingTo("90000.00");
    }

    @Test
    void unclearedCdsOverTenDays() {
        // CDS-1: protection sold on Ford, CS01 4,500.00 per bp, BCBS-IOSCO schedule 500,000.00; uncleared: MPOR 10
        // days, 2 observations. Day 0 to day 10: 2.00 % to 3.25 %, +125 bp = -562,500.00, 62,500.00 over the
        // schedule. Day 1 to 11: +100 bp = -450,000.00, covered. 1 of 2: coverage 0.5.
        Breaches b = run.of("CDS-1", Regime.SILOED);
        assertThat(run.account("CDS-1").mporDays()).isEqualTo(10);
        assertThat(b.observations()).isEqualTo(2);
        assertThat(b.breaches()).isEqualTo(1);
        assertThat(b.largestBreach()).isEqualByComparingTo("62500.00");
        assertThat(b.coverage()).isEqualByComparingTo("0.5000");
    }

    @Test
    void harmonizedPortfolioMixesHorizonsAndBreachesWhereSiloedHolds() {
        // XM-1: 2,000 SPY (1,370,000.00, a security: 5 days) against short 2 ES (685,225.00, a future: 2 days).
        // Siloed 387,500.00, harmonized 171,193.75 (StressCoverageTest). Account MPOR 5: 7 observations.
        // Day 0: SPY 5100/6000 = -15 % = -205,500.00; ES over days 0 to 2 flat: P&L -205,500.00, 34,306.25 over the
        // harmonized figure, within the siloed one. Day 1: -205,500.00 + ES (-15 % short) +102,783.75 =
        // -102,716.25, covered. Days 2 to 6: gains.
        Breaches h = run.of("XM-1", Regime.HARMONIZED);
        assertThat(h.observations()).isEqualTo(7);
        assertThat(h.breaches()).isEqualTo(1);
        assertThat(h.largestBreach()).isEqualByComparingTo("34306.25");
        assertThat(run.of("XM-1", Regime.SILOED).breaches()).isZero();
        PortfolioBacktest p = run.portfolios.stream().filter(x -> x.customer().equals("XM-1")).findFirst()
                .orElseThrow();
        assertThat(p.regimes().get(Regime.HARMONIZED).breaches()).isEqualTo(1);
        // no collateral: day 1's loss breaches it too, so both days are listed
        assertThat(p.breachDays()).extracting(d -> d.scenario()).containsExactly("2026-11-02+5d", "2026-11-03+5d");
        assertThat(p.breachDays().get(0).pnl()).isEqualByComparingTo("-205500.00");
        assertThat(p.breachDays().get(0).shortfallHarmonized()).isEqualByComparingTo("34306.25");
        assertThat(p.breachDays().get(1).pnl()).isEqualByComparingTo("-102716.25");
        assertThat(p.breachDays().get(1).shortfallHarmonized()).isEqualByComparingTo("0");
    }

    @Test
    void whatCannotBeBacktestedIsListedAndCountsNoObservation() {
        // the Treasury's yield is not in the series: revalued, unmoved, listed; no breach
        assertThat(run.account("UST-1").unshockedFactors()).containsExactly("IR:UST:10Y");
        assertThat(run.of("UST-1", Regime.SILOED).breaches()).isZero();
        // event contracts do not resolve in a price history; the swap has no revaluation
        assertThat(run.account("EVT-1").notRevalued()).singleElement().satisfies(n ->
                assertThat(n.reason()).contains("event contract"));
        assertThat(run.of("EVT-1", Regime.SILOED).observations()).isZero();
        assertThat(run.of("SWP-1", Regime.SILOED).observations()).isZero();
        assertThat(run.of("SWP-1", Regime.SILOED).coverage()).isNull();
    }

    @Test
    void marketSumsAccountDays() {
        // observations 10 (FUT-1) + 7 (REGT-1) + 7 (C-10022) + 7 (UST-1) + 2 (CDS-1) + 7 (XM-1) = 40;
        // siloed breaches 2 + 3 + 3 + 1 = 9 on 4 accounts, coverage 31/40; the largest FUT-1's.
        BacktestRun.RegimeLevel s = run.market.accountRegimes().get(Regime.SILOED);
        assertThat(run.market.accounts()).isEqualTo(8);
        assertThat(run.market.accountsTested()).isEqualTo(6);
        assertThat(s.observations()).isEqualTo(40);
        assertThat(s.breaches()).isEqualTo(9);
        assertThat(s.breached()).isEqualTo(4);
        assertThat(s.coverage()).isEqualByComparingTo("0.7750");
        assertThat(s.largestBreach()).isEqualByComparingTo("288918.75");
        assertThat(s.largestAt()).isEqualTo("FUT-1 (CFTC_4D_FUT) 2026-11-03");
        // 577,837.50 + 30,000.00 + 90,000.00 + 62,500.00
        assertThat(s.totalBreach()).isEqualByComparingTo("760337.50");
    }

    @Test
    void aBadSeriesIsRefusedWithEveryProblemNamed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), day(DAYS[0], 6000, 200, 0.02));
        Files.writeString(dir.resolve("b.yaml"), day(DAYS[0], 6000, 200, 0.02));
        Files.writeString(dir.resolve("c.yaml"), day(DAYS[1], 0, 200, 0.02));
        Files.writeString(dir.resolve("d.yaml"), "asOf: \"2026-11-04\"\nriskFactors: {}\nfxToUsd: {}\n");
        // a file named by a date holds that date's data
        Files.writeString(dir.resolve("md-2026-11-06.yaml"), day(DAYS[3], 6000, 200, 0.02));
        BacktestSeries.Loaded l = BacktestSeries.read(dir);
        assertThat(l.series()).isNull();
        assertThat(l.problems()).extracting(p -> p.toString()).anySatisfy(p -> assertThat(p).contains("b.yaml")
                .contains("already given by a.yaml")).anySatisfy(p -> assertThat(p).contains("c.yaml:")
                .contains("schema: $.riskFactors.EQ:SPX.price.value: must have an exclusive minimum value of 0")).anySatisfy(p -> assertThat(p).contains("d.yaml")
                .contains("riskFreeRate")).anySatisfy(p -> assertThat(p).isEqualTo(dir.resolve("md-2026-11-06.yaml")
                + ": asOf: 2026-11-05 is not the date the file is named for (2026-11-06)"));
    }
}
