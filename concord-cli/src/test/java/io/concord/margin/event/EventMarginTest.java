package io.concord.margin.event;

import io.concord.margin.SiloResult;
import io.concord.model.Position;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.concord.margin.Fixtures.RISK;
import static io.concord.margin.Fixtures.account;
import static io.concord.margin.Fixtures.market;
import static io.concord.margin.Fixtures.position;
import static io.concord.margin.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

class EventMarginTest {

    private final EventMargin event = new EventMargin(RISK.eventPayout());

    private static Position contract(String type, String event, String market, String side, double qty, double price) {
        return position(product(type, market, null, "EVENT:" + event, 1, "EVENT:BINARY", null, null, null,
                Map.of("side", side, "event", event, "series", "KXFED",
                        "mutuallyExclusive", String.valueOf(type.endsWith("MUTUALLY_EXCLUSIVE")))), qty, price);
    }

    private SiloResult margin(Position... ps) {
        return event.margin(account("E-1", SegregationClass.CFTC_4D_FUT), List.of(ps), market(List.of(), Map.of()));
    }

    @Test
    void singleContractsCostWhatWasPaid() {
        // Fully collateralized: YES bought at $0.62 x 100 contracts = $62; NO bought at $0.38 (1 - the YES price
        // 0.62) x 50 = $19.
        assertThat(margin(contract("EVENT/BINARY/CONTRACT", "CPI-26DEC", "CPI-26DEC-T3.0", "YES", 100, 0.62))
                .requirement()).isEqualTo(62.00);
        assertThat(margin(contract("EVENT/BINARY/CONTRACT", "CPI-26DEC", "CPI-26DEC-T3.0", "NO", 50, 0.38))
                .requirement()).isEqualTo(19.00);
    }

    @Test
    void mutuallyExclusiveNoPositionsNetToTheMaximumLoss() {
        // Known answer (issue 5): NO on A at 0.60 plus NO on C at 0.70 in a one-winner event: $1.30 paid, and at
        // least one of the two NO contracts pays $1 whoever wins, so the maximum loss is $0.30.
        SiloResult r = margin(
                contract("EVENT/BINARY/MUTUALLY_EXCLUSIVE", "FEDCHAIR-27", "FEDCHAIR-27-A", "NO", 1, 0.60),
                contract("EVENT/BINARY/MUTUALLY_EXCLUSIVE", "FEDCHAIR-27", "FEDCHAIR-27-C", "NO", 1, 0.70));
        assertThat(r.requirement()).isEqualTo(0.30);
        assertThat(r.explain().children().get(0).basis()).contains("FEDCHAIR-27-A wins: loss 0.30",
                "another outcome wins: loss -0.70");
    }

    @Test
    void yesAndNoOnOneIndependentMarketNet() {
        // YES at 0.40 and NO at 0.55 on the same market: $0.95 paid, exactly one side pays $1: no loss possible.
        SiloResult r = margin(contract("EVENT/BINARY/CONTRACT", "GDP-26Q4", "GDP-26Q4-T2", "YES", 10, 0.40),
                contract("EVENT/BINARY/CONTRACT", "GDP-26Q4", "GDP-26Q4-T2", "NO", 10, 0.55));
        assertThat(r.requirement()).isZero();
    }

    @Test
    void contradictoryTermsAreListedNotGuessed() {
        Position p = position(product("EVENT/BINARY/CONTRACT", "X-1", null, "EVENT:X", 1, "EVENT:BINARY", null, null,
                null, Map.of("side", "MAYBE")), 5, 0.5);
        SiloResult r = margin(p);
        assertThat(r.unmargined()).singleElement().satisfies(u ->
                assertThat(u.reason()).isEqualTo("terms.side must be YES or NO, got MAYBE"));
    }
}
