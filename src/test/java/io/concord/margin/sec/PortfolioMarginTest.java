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
        assertThat(cg.children().get(0).children().get(1).basis()).contains("Black-Scholes PUT strike 75",
                "price of XYZ as booked from test-positions line 2");
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
}
