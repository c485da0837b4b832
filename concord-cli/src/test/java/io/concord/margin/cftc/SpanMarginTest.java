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

    private static final String EXAMPLES = "concord-cli/src/test/resources/margin/span-examples.yaml";
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

    private static Position option(String cc, PutCall pc, double strike, double qty) {
        return position(product("EQUITY/INDEX_HIGH_CAP/OPTION_ON_FUTURE", cc.substring(3), "202612", "EQ:SPX", 50, cc,
                LocalDate.of(2026, 12, 18), strike, pc, Map.of()), qty, 0.0);
    }

    @Test
    void shortOptionMinimumIsOnTheGreaterOfShortCallsOrShortPuts() {
        // CME Clearing Advisory 99-65 (July 1999): the short option minimum is charged on the greater of the number
        // of short calls or short puts in the combined commodity, not on their sum. EX:SOM charges $50 per contract:
        // short 3 calls and 2 puts with no scan risk -> max(3, 2) x 50 = 150 (the sum would give 250).
        SiloResult r = margin(option("EX:SOM", PutCall.CALL, 100, -3), option("EX:SOM", PutCall.PUT, 100, -2));
        assertThat(r.requirement()).isEqualTo(150.00);
        assertThat(part(r, 0, "short option minimum").basis()).contains("the greater of the short calls 3 and the "
                + "short puts 2", "Clearing Advisory 99-65");
    }

    @Test
    void spreadWithinOneTierIsCharged() {
        // SPAN intra-commodity spreading: the combined commodity's spread table may pair months of the same tier.
        // EX:ZN has one tier (2026-2027) and a tier 1 v tier 1 charge of $100: long Dec-26, short Mar-27 nets to no
        // scan risk, so the requirement is the spread charge alone, 100 (it was 0 when only tiers were spread).
        SiloResult r = margin(future("EX:ZN", "202612", 1), future("EX:ZN", "202703", -1));
        assertThat(r.requirement()).isEqualTo(100.00);
        assertThat(part(r, 0, "intra-commodity").children()).singleElement().satisfies(e ->
                assertThat(e.label()).isEqualTo("long months of tier 1 v its short months"));
        // 3 long v 1 short: one spread; the 2 net long contracts carry the scan risk: 2 x 1,000 + 100
        assertThat(margin(future("EX:ZN", "202612", 3), future("EX:ZN", "202703", -1)).requirement())
                .isEqualTo(2_100.00);
    }

    @Test
    void interCommodityCreditsTakeEachLegsRateInPriorityOrder() {
        // WHEAT-KCWHEAT (priority before CORN-WHEAT) with a rate per leg: long 1 ZW ($1,500), short 1 KE ($1,200):
        // ZW credit 60 % x 1 x 1,500 = 900, KE credit 50 % x 1 x 1,200 = 600 -> 2,700 - 1,500 = 1,200.
        SiloResult r = margin(future("EX:ZW", "202612", 1), future("EX:KE", "202612", -1));
        assertThat(r.requirement()).isEqualTo(1_200.00);
        assertThat(part(r, 0, "inter-commodity").children()).singleElement().satisfies(e -> {
            assertThat(e.amount()).isEqualByComparingTo("900.00");
            assertThat(e.label()).contains("spread WHEAT-KCWHEAT (priority 2");
        });
        // adding short 1 corn: the wheat delta is already spread against KC wheat by the earlier spread, so CORN-WHEAT
        // finds none left and corn pays its outright 1,750: 1,200 + 1,750.
        SiloResult three = margin(future("EX:ZW", "202612", 1), future("EX:KE", "202612", -1),
                future("EX:ZC", "202612", -1));
        assertThat(three.requirement()).isEqualTo(2_950.00);
    }

    @Test
    void interCommodityCreditIsOnPriceRiskNotScanRisk() {
        // SPAN takes the credit on the weighted futures price risk: price risk = the worst scenario's pair average
        // less time risk. The long call array (loss convention) has its worst loss in scenario 14 (3,990), paired
        // with scenario 13 (3,380): average 3,685; time risk = (-460 + 610) / 2 = 75; price risk 3,610; delta 0.52.
        // SP-ND at 50 %: SP leg 0.5 x 0.52 x (3,610 / 0.52) = 1,805; ND leg (short 1 future, $5,000, all price
        // risk) 0.5 x 0.52 x 5,000 = 1,300. SP: 3,990 - 1,805 - net option value 500 = 1,685; ND 5,000 - 1,300.
        SiloResult r = margin(spCall(1, 2.0), future("EX:ND", "202612", -1));
        assertThat(part(r, 0, "inter-commodity").amount()).isEqualByComparingTo("1805.00");
        assertThat(part(r, 0, "inter-commodity").children().get(0).basis()).contains("average of scenarios 14 and 13",
                "time risk 75.00 = price risk 3610.00");
        assertThat(r.requirement()).isEqualTo(1_685.00 + 3_700.00);
    }

    @Test
    void perContractRateType() {
        // rateType PER_CONTRACT: the leg's rate in dollars per contract in the spread. A1-B1: long 2 A1 ($1,000), short
        // 2 B1 ($800): credits 2 x 300 + 2 x 200 = 1,000 -> 3,600 - 1,000 = 2,600.
        SiloResult r = margin(future("EX:A1", "202612", 2), future("EX:B1", "202612", -2));
        assertThat(r.requirement()).isEqualTo(2_600.00);
        assertThat(part(r, 0, "inter-commodity").children().get(0).basis()).startsWith("PER_CONTRACT");
    }

    @Test
    void aLegWithoutACreditRateIsRejected() throws Exception {
        String yaml = java.nio.file.Files.readString(Path.of(EXAMPLES)).replace(
                "credit: {value: 0.60, source: \"example: wheat leg credit 60%\"}", "note: none");
        Path bad = java.nio.file.Files.createTempFile("span", ".yaml");
        java.nio.file.Files.writeString(bad, yaml);
        assertThatThrownBy(() -> load(bad.toString())).isInstanceOf(MarginParameterException.class)
                .hasMessageContaining("interSpreads").hasMessageContaining("needs a credit rate");
    }

    @Test
    void shippedParametersSayWhereTheyComeFrom() {
        assertThat(RISK.span().provenance()).startsWith("ILLUSTRATIVE");
    }
}
