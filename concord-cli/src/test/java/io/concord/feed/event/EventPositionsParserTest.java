package io.concord.feed.event;

import io.concord.feed.FeedFormats;
import io.concord.feed.FeedItem;
import io.concord.feed.ParserTestSupport;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourcePosition;
import io.concord.mapping.NormalizedBatch;
import io.concord.model.Position;
import io.concord.model.ReasonCode;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventPositionsParserTest {

    private static final Path ARRAY = Path.of("fixtures/cftc/event-positions-2026-11-20.json");
    private static final Path NDJSON = Path.of("fixtures/cftc/event-positions-tidewater-2026-11-20.ndjson");
    private static final Path BAD = Path.of("fixtures/bad/event-bad-records.json");
    private final EventPositionsParser parser = new EventPositionsParser();

    @Test
    void arrayPositionsFollowTheEventRepresentation() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, ARRAY);
        NormalizedBatch batch = ParserTestSupport.normalize(ARRAY, items);
        assertThat(batch.failures()).isEmpty();
        assertThat(batch.positions()).hasSize(6);

        Position hold = batch.positions().get(1);
        assertThat(hold.product().taxonomy()).isEqualTo("EVENT/BINARY/MUTUALLY_EXCLUSIVE");
        assertThat(hold.product().ids().contractCode()).isEqualTo("KXFEDDECISION-26DEC-H0");
        assertThat(hold.product().riskFactor()).isEqualTo("EVENT:KXFEDDECISION-26DEC");
        assertThat(hold.product().terms()).containsEntry("side", "NO").containsEntry("event", "KXFEDDECISION-26DEC")
                .containsEntry("series", "KXFEDDECISION").containsEntry("mutuallyExclusive", "true");
        assertThat(hold.product().multiplier()).isEqualByComparingTo("1");
        assertThat(hold.longQty()).isEqualByComparingTo("1200");
        assertThat(hold.shortQty()).isZero();
        assertThat(hold.price()).isEqualByComparingTo("0.71");
        assertThat(hold.product().expiry()).hasToString("2026-12-09");
        assertThat(hold.lineage().feed()).isEqualTo("cftc-event");
        assertThat(hold.lineage().location()).isEqualTo("line 6, column 3 (record 2)");

        Position cpi = batch.positions().get(2);
        assertThat(cpi.product().taxonomy()).isEqualTo("EVENT/BINARY/CONTRACT");
        assertThat(cpi.product().terms()).containsEntry("mutuallyExclusive", "false").containsEntry("side", "YES");
        assertThat(batch.positions()).extracting(Position::segregationClass)
                .contains(SegregationClass.CFTC_4D_FUT, SegregationClass.CFTC_HOUSE);
    }

    @Test
    void ndjsonIsReadLineByLineAndASettledMarketIsNotAPosition() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, NDJSON);
        assertThat(items).hasSize(4);
        assertThat(ParserTestSupport.only(items, SourcePosition.class)).hasSize(3);
        RecordFailure settled = ParserTestSupport.only(items, RecordFailure.class).get(0);
        assertThat(settled.code()).isEqualTo(ReasonCode.NOT_A_POSITION);
        assertThat(settled.location()).isEqualTo("line 3, column 1 (record 3)");
        assertThat(settled.message()).contains("KXHIGHNY-26NOV19-B50.5 is settled (settled)");
    }

    @Test
    void badRecordsAreRejectedWithReasonsAndAMalformedTailFailsTheRestOfTheFile() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, BAD);
        assertThat(items).hasSize(8);
        assertThat(items.subList(0, 6)).extracting(i -> ((RecordFailure) i).code()).containsExactly(
                ReasonCode.INVALID_VALUE, ReasonCode.INVALID_NUMBER, ReasonCode.INCONSISTENT_VALUES,
                ReasonCode.INVALID_LEI, ReasonCode.NEGATIVE_QUANTITY, ReasonCode.MISSING_FIELD);
        assertThat(items.get(6)).isInstanceOf(SourcePosition.class);
        RecordFailure tail = (RecordFailure) items.get(7);
        assertThat(tail.record()).isZero();
        assertThat(tail.code()).isEqualTo(ReasonCode.MALFORMED_FILE);
        assertThat(tail.location()).isEqualTo("line 26, column 3");
    }

    @Test
    void edgeCases() {
        String base = "{\"firm_lei\":\"549300HUDSONCLR0RG39\",\"account\":\"A\",\"segregation_class\":\"CFTC_4D_FUT\","
                + "\"as_of\":\"2026-11-20\",\"series_ticker\":\"KXGDP\",\"event_ticker\":\"KXGDP-26Q4\","
                + "\"market_ticker\":\"KXGDP-26Q4-T2.0\",\"side\":\"yes\",\"status\":\"OPEN\","
                + "\"mutually_exclusive\":false,";
        assertThat(ParserTestSupport.parse(parser, "empty.json", "[]")).isEmpty();
        assertThat(((RecordFailure) ParserTestSupport.parse(parser, "blank.json", "").get(0)).code())
                .isEqualTo(ReasonCode.MALFORMED_FILE);
        List<FeedItem> items = ParserTestSupport.parse(parser, "edge.json", "[" + base
                + "\"contracts\":10.5,\"average_price\":0.5}," + base + "\"contracts\":\"7\",\"average_price\":\"0.99\"},"
                + base + "\"contracts\":1,\"average_price\":1},42]");
        assertThat(items).hasSize(4);
        assertThat(((SourcePosition) items.get(0)).longQty()).as("a fractional count").isEqualByComparingTo("10.5");
        SourcePosition ok = (SourcePosition) items.get(1);
        assertThat(ok.attributes()).containsEntry("term.side", "YES");
        assertThat(ok.longQty()).isEqualByComparingTo("7");
        assertThat(((RecordFailure) items.get(2)).field()).isEqualTo("average_price");
        assertThat(((RecordFailure) items.get(3)).message()).contains("must be a JSON object");
    }

    @Test
    void detection() throws Exception {
        FeedFormats formats = FeedFormats.standard();
        assertThat(formats.detect(ARRAY).parser()).isInstanceOf(EventPositionsParser.class);
        assertThat(formats.detect(NDJSON).parser()).isInstanceOf(EventPositionsParser.class);
    }

    @Test
    void positionsAsADcmApiReportsThem() {
        // fixed-point counts as a DCM's API writes them (strings with two decimals), and its market lifecycle
        // statuses: active trades (open), inactive is paused (closed), determined and finalized have an outcome
        String base = "{\"firm_lei\":\"549300HUDSONCLR0RG39\",\"account\":\"A\",\"segregation_class\":\"CFTC_4D_FUT\","
                + "\"as_of\":\"2026-11-20\",\"series_ticker\":\"KXGDP\",\"event_ticker\":\"KXGDP-26Q4\","
                + "\"market_ticker\":\"KXGDP-26Q4-T2.0\",\"side\":\"yes\",\"mutually_exclusive\":false,"
                + "\"average_price\":\"0.4200\",";
        StringBuilder ndjson = new StringBuilder();
        for (String status : List.of("active", "inactive", "initialized", "determined", "finalized", "disputed",
                "expired")) {
            ndjson.append(base).append("\"contracts\":\"12.50\",\"status\":\"").append(status).append("\"}\n");
        }
        List<FeedItem> items = ParserTestSupport.parse(parser, "api.ndjson", ndjson.toString());
        assertThat(items).hasSize(7);
        assertThat(ParserTestSupport.positions(items)).hasSize(4)
                .allSatisfy(p -> assertThat(p.longQty()).isEqualByComparingTo("12.5"));
        List<RecordFailure> bad = ParserTestSupport.failures(items);
        assertThat(bad).extracting(RecordFailure::code).containsExactly(ReasonCode.NOT_A_POSITION,
                ReasonCode.NOT_A_POSITION, ReasonCode.INVALID_VALUE);
        assertThat(bad.get(0).message()).contains("is determined (settled)");
        assertThat(bad.get(2).message()).contains("active, inactive");
        assertThat(EventPositionsParser.status("Active")).contains("OPEN");
        assertThat(EventPositionsParser.status("inactive")).contains("CLOSED");
        assertThat(EventPositionsParser.status("finalized")).contains("SETTLED");
    }
}
