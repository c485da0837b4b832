package io.concord.margin.cftc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.concord.margin.Explain;
import io.concord.margin.MarginParameterException;
import io.concord.margin.ParamNode;
import io.concord.margin.SiloResult;
import io.concord.model.Position;
import io.concord.model.PutCall;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.concord.margin.Fixtures.RISK;
import static io.concord.margin.Fixtures.account;
import static io.concord.margin.Fixtures.market;
import static io.concord.margin.Fixtures.position;
import static io.concord.margin.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpanMarginTest {

    private static final String EXAMPLES = "src/test/resources/margin/span-examples.yaml";
    private static final SpanParameters PARAMS = load(EXAMPLES);
    private final SpanMargin span = new SpanMargin(PARAMS);

    static SpanParameters load(String file) {
        try {
            return SpanParameters.from(new ParamNode(new ObjectMapper(new YAMLFactory()).readTree(Path.of(file).toFile()),
                    file, ""));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Position future(String cc, String month, double qty) {
        return position(product("EQUITY/INDEX_HIGH_CAP/FUTURE", cc.substring(3), month, "EQ:SPX", 250, cc, null, null,
                null, Map.of()), qty, 1500.0);
    }

    private static Position spCall(double qty, double price) {
        return position(product("EQUITY/INDEX_HIGH_CAP/OPTION_ON_FUTURE", "SP", "202612", "EQ:SPX", 250, "EX:SP",
                LocalDate.of(2026, 12, 18), 1500.0, PutCall.CALL, Map.of()), qty, price);
    }

    private SiloResult margin(Position... ps) {
        return span.margin(account("F-1", SegregationClass.CFTC_4D_FUT), List.of(ps), market(List.of(), Map.of()));
    }

    private static Explain part(SiloResult r, int commodity, String labelStart) {
        return r.explain().children().get(commodity).children().stream().filter(e -> e.label().startsWith(labelStart))
                .findFirst().orElseThrow();
    }

    @Test
    void longFutureKnownAnswer() {
        // Known answer (CME SPAN published example, S&P 500 futures, price scan range $10,000): a long future's
        // worst scenario is price down a full range: $10,000.
        SiloResult r = margin(future("EX:SP", "202612", 1));
        assertThat(r.requirement()).isEqualTo(10_000.00);
        assertThat(part(r, 0, "scan risk").label()).startsWith("scan risk: scenario 13");
    }

    @Test
    void longCallKnownAnswerFromAGivenArray() {
        // Known answer (CME SPAN published example): the long call's array (profit convention +460, -610, +2,640,
        // +1,730, -1,270, -2,340, +5,210, +4,540, -2,540, -3,430, +8,060, +7,640, -3,380, -3,990, +3,130, -1,500)
        // has its largest loss in scenario 14: scan risk $3,990. SPAN then credits the long option's value:
        // 2 points x $250 = $500.
        SiloResult r = margin(spCall(1, 2.0));
        assertThat(part(r, 0, "scan risk").amount()).isEqualByComparingTo("3990.00");
        assertThat(part(r, 0, "scan risk").label()).startsWith("scan risk: scenario 14");
        assertThat(part(r, 0, "net option value").amount()).isEqualByComparingTo("500.00");
        assertThat(r.requirement()).isEqualTo(3_490.00);
    }

    @Test
    void longFutureShortCallKnownAnswer() {
        // Known answer (CME SPAN published example): long future + short that call: worst scenario 13, $10,000 -
        // $3,380 = $6,620 of scan risk; the short call's value (2 points x $250) is added as negative option value.
        SiloResult r = margin(future("EX:SP", "202612", 1), spCall(-1, 2.0));
        assertThat(part(r, 0, "scan risk").amount()).isEqualByComparingTo("6620.00");
        assertThat(r.requirement()).isEqualTo(7_120.00);
    }

    @Test
    void calendarSpreadKnownAnswers() {
        // Known answers (CME SPAN published calendar-spread example): outrights $500 / $500 / $750 for months
        // 2 / 3 / 4, intra charges 2v3 $200, 2v4 $50, 3v4 $0:
        // +M2/-M3 = 0 scan + $200; +M2/-M4 = $250 scan + $50 = $300; +M3/-M4 = $250 scan + $0 = $250.
        assertThat(margin(future("EX:CAL", "202602", 1), future("EX:CAL", "202603", -1)).requirement())
                .isEqualTo(200.00);
        assertThat(margin(future("EX:CAL", "202602", 1), future("EX:CAL", "202604", -1)).requirement())
                .isEqualTo(300.00);
        assertThat(margin(future("EX:CAL", "202603", 1), future("EX:CAL", "202604", -1)).requirement())
                .isEqualTo(250.00);
        assertThat(margin(future("EX:CAL", "202604", 1)).requirement()).isEqualTo(750.00);
    }

    @Test
    void interCommodityKnownAnswer() {
        // Known answer (CME SPAN published inter-commodity example): corn v soybeans 2:1 at a 55 % credit, outrights
        // $1,750 (corn) and $2,500 (soy): 2 corn long v 1 soy short = $6,000 - 55 % x $6,000 = $2,700.
        SiloResult r = margin(future("EX:ZC", "202612", 2), future("EX:ZS", "202611", -1));
        assertThat(r.requirement()).isEqualTo(2_700.00);
        assertThat(part(r, 0, "inter-commodity").amount()).isEqualByComparingTo("1925.00");
        // same direction: no spread, no credit
        assertThat(margin(future("EX:ZC", "202612", 2), future("EX:ZS", "202611", 1)).requirement())
                .isEqualTo(6_000.00);
    }

    @Test
    void spotMonthChargeOnContractsNearExpiry() {
        // Spot month (span-examples.yaml EX:CL): $1,000 per contract held within 30 days of expiry, on top of the
        // $6,000 outright: 2 contracts expiring in 10 days = 2 x (6,000 + 1,000); 2 expiring in 3 months: 2 x 6,000.
        Position spot = position(product("COMMODITY/ENERGY/FUTURE", "CL", "202612", "CMD:WTI", 1000, "EX:CL",
                io.concord.margin.Fixtures.AS_OF.plusDays(10), null, null, Map.of()), 2, 60.0);
        Position deferred = position(product("COMMODITY/ENERGY/FUTURE", "CL", "202703", "CMD:WTI", 1000, "EX:CL",
                io.concord.margin.Fixtures.AS_OF.plusMonths(3), null, null, Map.of()), 2, 60.0);
        assertThat(margin(spot).requirement()).isEqualTo(14_000.00);
        assertThat(part(margin(spot), 0, "spot-month charge").amount()).isEqualByComparingTo("2000.00");
        assertThat(margin(deferred).requirement()).isEqualTo(12_000.00);
    }

    @Test
    void computedOptionArrayWithBlack76() {
        // An ES call computed with Black-76 from the booked future price: its scan risk is below the future's
        // $22,500 and the short option minimum floors a far out-of-the-money short call.
        SpanMargin es = new SpanMargin(RISK.span());
        Position fut = position(product("EQUITY/INDEX_HIGH_CAP/FUTURE", "ES", "202612", "EQ:SPX", 50, "CME:ES",
                LocalDate.of(2026, 12, 18), null, null, Map.of()), 0, 6852.25);
        Position farCall = position(product("EQUITY/INDEX_HIGH_CAP/OPTION_ON_FUTURE", "ES", "202612", "EQ:SPX", 50,
                "CME:ES", null, 9000.0, PutCall.CALL, Map.of()), -1, 0.05);
        SiloResult r = es.margin(account("F-1", SegregationClass.CFTC_4D_FUT), List.of(farCall),
                market(List.of(fut), Map.of("EQ:SPX", new double[]{6850, 0.16, 0.013})));
        assertThat(part(r, 0, "scan risk").amount().doubleValue()).isLessThan(500);
        assertThat(part(r, 0, "short option minimum").amount()).isEqualByComparingTo("500.00");
        assertThat(r.requirement()).isEqualTo(500 + 2.50);
        assertThat(part(r, 0, "scan risk").children().get(0).basis()).contains("Black-76 CALL 9000 expiring 2026-12-18",
                "ES 202612 as booked");
    }

    @Test
    void arrayOfWrongLengthIsRejectedWithFileAndKey() throws Exception {
        String yaml = java.nio.file.Files.readString(Path.of(EXAMPLES)).replace("losses: [-460, 610, ", "losses: [");
        Path bad = java.nio.file.Files.createTempFile("span", ".yaml");
        java.nio.file.Files.writeString(bad, yaml);
        assertThatThrownBy(() -> load(bad.toString())).isInstanceOf(MarginParameterException.class)
                .hasMessage(bad + ": combinedCommodities.EX:SP.givenArrays.202612 C 1500.losses: a risk array has 16 "
                        + "values, found 14");
    }
}
