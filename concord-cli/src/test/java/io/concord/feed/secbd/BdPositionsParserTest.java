package io.concord.feed.secbd;

import io.concord.feed.Attr;
import io.concord.feed.FeedItem;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourcePosition;
import io.concord.model.ReasonCode;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.concord.feed.ParserTestSupport.failures;
import static io.concord.feed.ParserTestSupport.parse;
import static io.concord.feed.ParserTestSupport.positions;
import static org.assertj.core.api.Assertions.assertThat;

class BdPositionsParserTest {

    private final BdPositionsParser parser = new BdPositionsParser();

    @TempDir
    Path tmp;

    @Test
    void readsStockRecordRowsWithSidesLocationsAndOptionTerms() throws Exception {
        List<FeedItem> items = parse(parser, Path.of("fixtures/sec/positions-larkspur-2026-11-20.csv"));

        assertThat(failures(items)).isEmpty();
        List<SourcePosition> ps = positions(items);
        assertThat(ps).hasSize(11);
        SourcePosition aapl = ps.get(0);
        assertThat(aapl.firmLei()).isEqualTo("549300LARKSPURSEC059");
        assertThat(aapl.segregationClass()).isEqualTo(SegregationClass.SEC_15C3_3_CUST);
        assertThat(aapl.longQty()).isEqualByComparingTo("1000");
        assertThat(aapl.shortQty()).isEqualByComparingTo("0");
        assertThat(aapl.location()).isEqualTo("DTC");
        assertThat(aapl.lineage().location()).isEqualTo("line 2");
        SourcePosition put = ps.get(1);
        assertThat(put.shortQty()).isEqualByComparingTo("10");
        assertThat(put.attributes()).containsEntry(Attr.SECURITY_TYPE, "OPT").containsEntry(Attr.UNDERLYING, "AAPL")
                .containsEntry(Attr.PUT_CALL, "PUT").containsEntry(Attr.STRIKE, "260")
                .containsEntry(Attr.EXPIRY, "2026-12-18").containsEntry(Attr.MULTIPLIER, "100");
        SourcePosition nvda = ps.get(4);
        assertThat(nvda.shortQty()).isEqualByComparingTo("2500");
        assertThat(ps.get(8).segregationClass()).isEqualTo(SegregationClass.SEC_15C3_3_PAB);
    }

    @Test
    void matchesHeadersInAnyOrderCaseAndPunctuation() throws Exception {
        List<FeedItem> items = parse(parser, Path.of("fixtures/sec/positions-hudson-2026-11-20.csv"));

        assertThat(failures(items)).isEmpty();
        assertThat(positions(items)).hasSize(5);
        assertThat(positions(items).get(1).attributes()).containsEntry(Attr.PUT_CALL, "PUT");
        assertThat(positions(items).get(0).segregationClass()).isEqualTo(SegregationClass.XM);
    }

    @Test
    void derivesTheCusipAUsIsinCarriesAndRejectsAContradiction() throws Exception {
        List<FeedItem> items = parse(parser, Path.of("fixtures/sec/positions-larkspur-2026-11-20.csv"));
        SourcePosition spy = positions(items).get(5);
        assertThat(spy.attributes()).containsEntry(Attr.ISIN, "US78462F1030").containsEntry(Attr.CUSIP, "78462F103");

        RecordFailure f = failures(parse(parser, Path.of("fixtures/bad/bd-bad-rows.csv"))).get(3);
        assertThat(f.code()).isEqualTo(ReasonCode.INCONSISTENT_VALUES);
        assertThat(f.location()).isEqualTo("line 6");
    }

    @Test
    void rejectsBadRowsOneByOneWithLineAndFieldAndKeepsTheRest() throws Exception {
        List<FeedItem> items = parse(parser, Path.of("fixtures/bad/bd-bad-rows.csv"));

        assertThat(positions(items)).extracting(p -> p.lineage().location()).containsExactly("line 4");
        List<RecordFailure> bad = failures(items);
        assertThat(bad).extracting(RecordFailure::code).containsExactly(ReasonCode.INVALID_CUSIP,
                ReasonCode.INVALID_NUMBER, ReasonCode.UNKNOWN_SEGREGATION_CLASS, ReasonCode.INCONSISTENT_VALUES,
                ReasonCode.INVALID_DATE);
        assertThat(bad).extracting(RecordFailure::location).containsExactly("line 2", "line 3", "line 5", "line 6",
                "line 7");
        assertThat(bad).extracting(RecordFailure::field).containsExactly("cusip", "quantity", "segregation_class",
                "isin", "as_of");
        assertThat(bad.get(0).message()).contains("037833101").contains("should be 0");
        assertThat(bad.get(1).attributes()).containsEntry("quantity", "one hundred");
    }

    @Test
    void aFileMissingARequiredColumnIsOneWholeFileFailure() throws Exception {
        List<FeedItem> items = parse(parser, Path.of("fixtures/bad/bd-missing-column.csv"));

        assertThat(items).singleElement().isInstanceOf(RecordFailure.class);
        RecordFailure f = (RecordFailure) items.get(0);
        assertThat(f.code()).isEqualTo(ReasonCode.MISSING_COLUMN);
        assertThat(f.record()).isZero();
        assertThat(f.message()).contains("quantity");
    }

    @Test
    void quotedFieldsBlankLinesAndWrongFieldCounts() throws Exception {
        String csv = """
                firm_lei,account,segregation_class,cusip,symbol,security_type,quantity,side,price,currency,as_of
                549300LARKSPURSEC059,"C-1, main",SEC_15C3_3_CUST,037833100,AAPL,CS,"1,000",long,268.40,USD,2026-11-20

                549300LARKSPURSEC059,C-2,SEC_15C3_3_CUST,037833100,AAPL,CS,5,LONG,268.40,USD
                549300LARKSPURSEC059,C-3,SEC_15C3_3_CUST,,AAPL,CS,5,LONG,268.40,USD,2026-11-20
                """;
        List<FeedItem> items = parse(parser, csv, tmp, "edge.csv");

        assertThat(positions(items)).singleElement().satisfies(p -> {
            assertThat(p.account()).isEqualTo("C-1, main");
            assertThat(p.longQty()).isEqualByComparingTo("1000");
        });
        assertThat(failures(items)).extracting(RecordFailure::code)
                .containsExactly(ReasonCode.MALFORMED_FILE, ReasonCode.MISSING_FIELD);
        assertThat(failures(items)).extracting(RecordFailure::location).containsExactly("line 4", "line 5");
    }

    @Test
    void anEmptyFileIsRejectedNotAcceptedAsNothing() throws Exception {
        List<FeedItem> items = parse(parser, "", tmp, "empty.csv");
        assertThat(failures(items)).singleElement().extracting(RecordFailure::code).isEqualTo(ReasonCode.MISSING_COLUMN);
    }
}
