package io.concord.margin.sec;

import io.concord.margin.Explain;
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
import static io.concord.margin.Fixtures.stock;
import static io.concord.margin.Fixtures.stockOption;
import static org.assertj.core.api.Assertions.assertThat;

class StrategyMarginTest {

    private static final LocalDate EXPIRY = LocalDate.of(2027, 1, 15);
    private final StrategyMargin regT = new StrategyMargin(RISK.strategy());

    private SiloResult margin(List<Position> positions) {
        return regT.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST), positions,
                market(positions, Map.of()));
    }

    @Test
    void shortPutKnownAnswer() {
        // Known answer (FINRA Rule 4210(f)(2)(D)(i); Cboe Margin Manual, short equity put): short 1 put, strike 50,
        // premium $2, stock at $52: 100 % of premium $200 + max(20 % x $5,200 - $200 out of the money = $840,
        // 10 % x $5,000 strike = $500) = $1,040.
        Position stockPrice = stock("XYZ", 0, 52);
        Position put = stockOption("XYZ", PutCall.PUT, 50, EXPIRY, -1, 2);
        SiloResult r = regT.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST), List.of(put),
                market(List.of(stockPrice), Map.of()));
        assertThat(r.requirement()).isEqualTo(1_040.00);
        Explain e = r.explain().children().get(0);
        assertThat(e.children()).extracting(Explain::amount).map(Object::toString)
                .containsExactly("200.00", "840.00", "500.00");
    }

    @Test
    void longAndShortStock() {
        // FINRA Rule 4210(c): long 25 % of market value; short max(30 %, $5 per share), or below $5 max(100 %,
        // $2.50 per share).
        assertThat(margin(List.of(stock("AAA", 100, 80))).requirement()).isEqualTo(2_000.00);
        assertThat(margin(List.of(stock("BBB", -100, 80))).requirement()).isEqualTo(2_400.00);
        assertThat(margin(List.of(stock("CCC", -1000, 12))).requirement()).isEqualTo(5_000.00);
        assertThat(margin(List.of(stock("DDD", -1000, 2))).requirement()).isEqualTo(2_500.00);
    }

    @Test
    void creditSpreadAtItsMaximumLossAndLongLegPaidInFull() {
        // Short the 50 put, long the 45 put of the same expiry: maximum loss (50 - 45) x 100 = $500 per spread;
        // the long put is paid in full (2 spreads: $1,000 + 2 x 100 x $0.80).
        Position price = stock("XYZ", 0, 52);
        List<Position> ps = List.of(stockOption("XYZ", PutCall.PUT, 50, EXPIRY, -2, 2.00),
                stockOption("XYZ", PutCall.PUT, 45, EXPIRY, 2, 0.80));
        SiloResult r = regT.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST), ps,
                market(List.of(price), Map.of()));
        assertThat(r.requirement()).isEqualTo(1_000.00 + 160.00);
        assertThat(r.explain().children().get(0).label()).startsWith("spread: short 2 XYZ");
    }

    @Test
    void longExpiringBeforeTheShortDoesNotFormASpread() {
        Position price = stock("XYZ", 0, 52);
        List<Position> ps = List.of(stockOption("XYZ", PutCall.PUT, 50, EXPIRY, -1, 2.00),
                stockOption("XYZ", PutCall.PUT, 45, EXPIRY.minusMonths(1), 1, 0.50));
        SiloResult r = regT.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST), ps,
                market(List.of(price), Map.of()));
        assertThat(r.requirement()).isEqualTo(1_040.00 + 50.00);
    }
}
