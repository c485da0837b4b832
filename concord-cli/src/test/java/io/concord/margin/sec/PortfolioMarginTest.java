package io.concord.margin.sec;

import io.concord.margin.Explain;
import io.concord.margin.MarketContext;
import io.concord.margin.SiloResult;
import io.concord.model.Position;
import io.concord.model.PutCall;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.concord.margin.Fixtures.RISK;
import static io.concord.margin.Fixtures.account;
import static io.concord.margin.Fixtures.market;
import static io.concord.margin.Fixtures.position;
import static io.concord.margin.Fixtures.product;
import static io.concord.margin.Fixtures.stock;
import static io.concord.margin.Fixtures.stockOption;
import static org.assertj.core.api.Assertions.assertThat;

class PortfolioMarginTest {

    private final PortfolioMargin pm = new PortfolioMargin(RISK.portfolioMargin());

    private SiloResult margin(List<Position> positions, MarketContext market) {
        return pm.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST), positions, market);
    }

    @Test
    void longStockLosesFifteenPercent() {
        // Known answer (FINRA Rule 4210(g)(2)(F)(i), OCC TIMS): equities are revalued over +/-15 %; long 1,000
        // shares at $75 lose 15 % x $75,000 = $11,250 at the -15 % point.
        SiloResult r = margin(List.of(stock("XYZ", 1000, 75)), market(List.of(), Map.of()));
        assertThat(r.requirement()).isEqualTo(11_250.00);
        Explain cg = r.explain().children().get(0);
        assertThat(cg.label()).isEqualTo("class group EQ:XYZ");
        assertThat(cg.children().get(0).label()).isEqualTo("worst loss: underlying -15.0%");
        assertThat(cg.basis()).contains("-15.0%: -11250.00", "+15.0%: 11250.00", "-3.0%: -2250.00");
    }

    @Test
    void highCapBroadIndexLosesEightPercent() {
        // Known answer (FINRA Rule 4210(g)(2)(F)(i)): high-capitalization broad-based indices are revalued from
        // -8 % to +6 %; long $1,000,000 of the index loses $80,000 at -8 %.
        Position index = position(product("EQUITY/INDEX_HIGH_CAP/CASH", "SPXBASKET", null, "EQ:SPX", 1,
                "SEC:INDEX", null, null, null, Map.of()), 1000, 1000.0);
        SiloResult r = margin(List.of(index), market(List.of(), Map.of()));
        assertThat(r.requirement()).isEqualTo(80_000.00);
        assertThat(r.explain().children().get(0).basis()).contains("-8.0%: -80000.00", "+6.0%: 60000.00",
                "+1.2%: 12000.00");
    }

    @Test
    void gainsOffsetLossesWithinAClassGroupAndTheMinimumApplies() {
        // Long stock hedged by a deep in-the-money long put: the put gains what the stock loses below the strike,
        // so the worst loss is small; the requirement is at least $0.375 x 100 per contract.
        LocalDate expiry = LocalDate.of(2026, 12, 18);
        Position shares = stock("XYZ", 1000, 75);
        Position put = stockOption("XYZ", PutCall.PUT, 75, expiry, 10, 2.10);
        MarketContext m = market(List.of(shares), Map.of("EQ:XYZ", new double[]{75, 0.30, 0.0}));
        SiloResult r = margin(List.of(shares, put), m);
        double stockAlone = 11_250;
        assertThat(r.requirement()).isLessThan(stockAlone / 3).isGreaterThan(0);
        Explain cg = r.explain().children().get(0);
        assertThat(cg.children().get(1).amount()).isEqualByComparingTo("375.00");
        // a single-stock option is American-style: priced on the binomial tree (it was Black-Scholes before)
        assertThat(cg.children().get(0).children().get(1).basis()).contains("Cox-Ross-Rubinstein binomial tree",
                "PUT strike 75", "price of XYZ as booked from test-positions line 2");
    }

    @Test
    void volatilityFromTheFeedIsUsedBeforeMarketData() {
        Position shares = stock("XYZ", 0, 75);
        Position call = position(product("EQUITY/SINGLE_STOCK/LISTED_OPTION", "XYZ", null, "EQ:XYZ", 100,
                "SEC:EQUITY_OPTION", LocalDate.of(2026, 12, 18), 80.0, PutCall.CALL, Map.of("volatility", "0.45")),
                -1, 1.0);
        SiloResult r = margin(List.of(call), market(List.of(shares), Map.of("EQ:XYZ", new double[]{75, 0.20, 0})));
        assertThat(r.explain().children().get(0).children().get(0).children().get(0).basis())
                .contains("volatility 0.45 from the feed (terms.volatility)");
    }

    @Test
    void optionWithoutMarketDataIsListedNotGuessed() {
        Position call = stockOption("ABC", PutCall.CALL, 100, LocalDate.of(2026, 12, 18), -5, 3.0);
        SiloResult r = margin(List.of(call), market(List.of(), Map.of()));
        assertThat(r.requirement()).isZero();
        assertThat(r.unmargined()).singleElement().satisfies(u -> assertThat(u.reason())
                .isEqualTo("market data has no entry for risk factor EQ:ABC"));
    }

    @Test
    void broadIndexClassGroupsOffsetAtTheProductGroupPercentage() {
        // Long SPX basket and short NDX basket: one gains where the other loses, and the product group counts 90 %
        // of the gains (sec-pm.yaml BROAD_BASED_INDEX) instead of adding two stand-alone requirements.
        Position spx = position(product("EQUITY/INDEX_HIGH_CAP/CASH", "SPXBASKET", null, "EQ:SPX", 1, "SEC:INDEX",
                null, null, null, Map.of()), 1000, 1000.0);
        Position ndx = position(product("EQUITY/ETF/CASH", "QQQ", null, "EQ:NDX", 1, "SEC:ETF:NDX", null, null, null,
                Map.of()), -1000, 1000.0);
        SiloResult r = margin(List.of(spx, ndx), market(List.of(), Map.of()));
        // point 1 (SPX -8 %, NDX -10 %): SPX -80,000, NDX +100,000 x 0.9 = +90,000 -> gain;
        // point 10 (SPX +6 %, NDX +10 %): SPX +60,000 x 0.9 = 54,000, NDX -100,000 -> loss 46,000
        assertThat(r.requirement()).isEqualTo(46_000.00);
        assertThat(r.explain().children().get(0).label()).isEqualTo("product group BROAD_BASED_INDEX");
    }

    @Test
    void binomialTreeKnownAnswer() {
        // Known answer (Hull, Options, Futures, and Other Derivatives, the American put on a non-dividend-paying stock
        // priced on a 5-step Cox-Ross-Rubinstein tree): S = 50, K = 50, r = 10 %, sigma = 40 %, T = 5 months:
        // $4.49. The European put (Black-Scholes) is worth less, about $4.08.
        double american = io.concord.margin.OptionPricing.americanBinomial(50, 50, 5 / 12.0, 0.40, 0.10, 0, true, 5);
        assertThat(american).isCloseTo(4.49, org.assertj.core.data.Offset.offset(0.005));
        double european = io.concord.margin.OptionPricing.blackScholes(50, 50, 5 / 12.0, 0.40, 0.10, 0, true);
        assertThat(european).isCloseTo(4.08, org.assertj.core.data.Offset.offset(0.01));
        // an American call on a stock paying no dividend is never exercised early: the tree converges to Black-Scholes
        double call = io.concord.margin.OptionPricing.americanBinomial(50, 50, 5 / 12.0, 0.40, 0.10, 0, false, 1000);
        assertThat(call).isCloseTo(io.concord.margin.OptionPricing.blackScholes(50, 50, 5 / 12.0, 0.40, 0.10, 0, false),
                org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void americanEquityPutIsWorthMoreThanEuropeanAndIndexOptionsStayEuropean() {
        // a deep in-the-money single-stock put (American-style, OCC) is worth at least its intrinsic value; the same
        // put priced European (terms.exerciseStyle EUROPEAN from the feed) is worth less than intrinsic at r = 4 %.
        LocalDate expiry = LocalDate.of(2027, 6, 18);
        Position shares = stock("XYZ", 0, 60);
        Position american = stockOption("XYZ", PutCall.PUT, 100, expiry, 1, 40);
        Position european = position(product("EQUITY/SINGLE_STOCK/LISTED_OPTION", "XYZ", null, "EQ:XYZ", 100,
                "SEC:EQUITY_OPTION", expiry, 100.0, PutCall.PUT, Map.of("exerciseStyle", "EUROPEAN")), 1, 40.0);
        MarketContext m = market(List.of(shares), Map.of("EQ:XYZ", new double[]{60, 0.30, 0.0}));
        double a = new io.concord.margin.Revaluation(american, m, 100, "test").theoreticalValue();
        double e = new io.concord.margin.Revaluation(european, m).theoreticalValue();
        assertThat(a).isGreaterThanOrEqualTo(40.0);
        assertThat(e).isLessThan(40.0);
        SiloResult r = margin(List.of(european), m);
        assertThat(r.explain().children().get(0).children().get(0).children().get(0).basis())
                .startsWith("Black-Scholes PUT");
    }

    @Test
    void minimumPerContractDoesNotExceedALongOptionsMarketValue() {
        // FINRA Rule 4210(g)(2)(F)(ii): $0.375 x the multiplier per contract, not to exceed the market value of a long
        // option. Long 10 far out-of-the-money calls priced $0.10: market value $10 per contract, so the minimum is
        // 10 x $10 = $100, not 10 x $37.50 = $375 (the calls lose almost nothing over the scan range).
        Position shares = stock("XYZ", 0, 75);
        Position call = stockOption("XYZ", PutCall.CALL, 150, LocalDate.of(2026, 12, 18), 10, 0.10);
        SiloResult r = margin(List.of(call), market(List.of(shares), Map.of("EQ:XYZ", new double[]{75, 0.30, 0.0})));
        assertThat(r.explain().children().get(0).children().get(1).amount()).isEqualByComparingTo("100.00");
        assertThat(r.requirement()).isEqualTo(100.00);
        // a short option keeps the full minimum
        Position shortCall = stockOption("XYZ", PutCall.CALL, 150, LocalDate.of(2026, 12, 18), -10, 0.10);
        SiloResult s = margin(List.of(shortCall), market(List.of(shares), Map.of("EQ:XYZ", new double[]{75, 0.30, 0.0})));
        assertThat(s.explain().children().get(0).children().get(1).amount()).isEqualByComparingTo("375.00");
    }

    @Test
    void concentratedSingleNameTakesTheAddOn() {
        // A firm's concentration policy under FINRA 4210(g)(8)(B) (the rule gives no numbers; sec-pm.yaml ships none):
        // a single name that is at least 50 % of the account's gross underlying value and at least $1,000,000 is also
        // revalued at +/-30 %. 100,000 XYZ at $75 = $7,500,000, all of the account: -15 % loses 1,125,000; -30 %
        // loses 2,250,000, so the add-on is 1,125,000 and the requirement 2,250,000.
        PortfolioMarginParameters base = RISK.portfolioMargin();
        PortfolioMargin pm = new PortfolioMargin(new PortfolioMarginParameters(base.ranges(), base.familyRanges(),
                base.riskFactorRanges(), base.pointsPerSide(), base.minimumPerContract(), base.productGroups(),
                base.exerciseStyles(), base.binomialSteps(), new PortfolioMarginParameters.Concentration(
                List.of("EQUITY/SINGLE_STOCK"), io.concord.margin.Param.of(0.5, "test policy"),
                io.concord.margin.Param.of(1_000_000, "test policy"), io.concord.margin.Param.of(0.30, "test policy"))));
        java.util.function.Function<List<Position>, SiloResult> margin = ps -> pm.margin(account("ACC-1",
                SegregationClass.SEC_15C3_3_CUST), ps, market(List.of(), Map.of()));
        SiloResult r = margin.apply(List.of(stock("XYZ", 100_000, 75)));
        assertThat(r.requirement()).isEqualTo(2_250_000.00);
        assertThat(r.explain().children().get(0).children()).extracting(Explain::label)
                .contains("concentration add-on");
        // three names of equal size: each a third of the account, none concentrated: 3 x 1,125,000
        SiloResult spread = margin.apply(List.of(stock("XYZ", 100_000, 75), stock("ABC", 100_000, 75),
                stock("DEF", 100_000, 75)));
        assertThat(spread.requirement()).isEqualTo(3_375_000.00);
        // without a policy in sec-pm.yaml (as shipped) no add-on: 1,125,000
        assertThat(margin(List.of(stock("XYZ", 100_000, 75)), market(List.of(), Map.of())).requirement())
                .isEqualTo(1_125_000.00);
    }
}
