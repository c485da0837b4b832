package io.concord.feed.sbsr;

import io.concord.feed.FeedFormats;
import io.concord.feed.FeedItem;
import io.concord.feed.ParserTestSupport;
import io.concord.feed.RecordFailure;
import io.concord.mapping.NormalizedBatch;
import io.concord.model.Agency;
import io.concord.model.Position;
import io.concord.model.ReasonCode;
import io.concord.model.Regime;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SbsrParserTest {

    private static final Path NORTHSTAR = Path.of("fixtures/sec/sbsr-northstar-2026-11-20.csv");
    private static final Path SILVERPINE = Path.of("fixtures/sec/sbsr-silverpine-2026-11-20.csv");
    private static final Path BAD = Path.of("fixtures/bad/sbsr-bad-rows.csv");
    private final SbsrParser parser = new SbsrParser();

    @Test
    void swapsBecomeNotionalPositionsWithTheirTerms() throws Exception {
        NormalizedBatch batch = ParserTestSupport.normalize(NORTHSTAR, ParserTestSupport.parse(parser, NORTHSTAR));
        assertThat(batch.failures()).isEmpty();
        assertThat(batch.positions()).hasSize(6);

        Position cds = batch.positions().get(0);
        assertThat(cds.firmLei()).isEqualTo("549300NORTHSTARBK030");
        assertThat(cds.account()).isEqualTo("549300QUARRYCAPLP023");
        assertThat(cds.segregationClass()).isEqualTo(SegregationClass.UNCLEARED_IM_SEG);
        assertThat(cds.product().taxonomy()).isEqualTo("CREDIT/SINGLE_NAME/CDS");
        assertThat(cds.product().agency()).isEqualTo(Agency.SEC);
        assertThat(cds.product().regime()).isEqualTo(Regime.SBS);
        assertThat(cds.product().riskFactor()).isEqualTo("CR:F");
        assertThat(cds.longQty()).isEqualByComparingTo("25000000");
        assertThat(cds.shortQty()).isZero();
        assertThat(cds.marketValue()).isEqualByComparingTo("-412500.00");
        assertThat(cds.product().terms()).containsEntry("uti", "549300NORTHSTARBK030SBS2026CDS000118")
                .containsEntry("notional", "25000000").containsEntry("notionalCurrency", "USD")
                .containsEntry("cleared", "false").containsEntry("collateralisation", "FULLY_COLLATERALIZED")
                .containsEntry("otherCounterparty", "549300QUARRYCAPLP023");
        assertThat(cds.lineage().feed()).isEqualTo("sec-sbsr");

        Position byUpi = batch.positions().get(2);
        assertThat(byUpi.product().ids().upi()).isEqualTo("QZC7XR1GDJ3M");
        assertThat(byUpi.lineage().mappingId()).isEqualTo("sbsr-upi-single-name-cds");
        assertThat(byUpi.segregationClass()).isEqualTo(SegregationClass.SEC_SBS_18A_4);
        assertThat(byUpi.product().terms()).containsEntry("collateralisation", "FULLY_COLLATERALIZED");

        Position sold = batch.positions().get(4);
        assertThat(sold.product().taxonomy()).isEqualTo("EQUITY/SINGLE_STOCK/SBS");
        assertThat(sold.shortQty()).isEqualByComparingTo("8000000");
        assertThat(sold.product().terms()).containsEntry("collateralisation", "ONE_WAY_COLLATERALIZED");
        assertThat(batch.positions().get(5).product().taxonomy()).isEqualTo("EQUITY/INDEX_NARROW/SBS");
    }

    @Test
    void headersMatchByNameAndAGivenClassIsKept() throws Exception {
        NormalizedBatch batch = ParserTestSupport.normalize(SILVERPINE, ParserTestSupport.parse(parser, SILVERPINE));
        assertThat(batch.failures()).isEmpty();
        assertThat(batch.positions()).extracting(Position::segregationClass).containsExactly(
                SegregationClass.SEC_SBS_18A_4, SegregationClass.UNCLEARED_IM_SEG, SegregationClass.SEC_SBS_18A_4);
        Position eur = batch.positions().get(1);
        assertThat(eur.product().currency()).isEqualTo("EUR");
        assertThat(eur.product().terms()).containsEntry("collateralisation", "UNCOLLATERALIZED");
    }

    @Test
    void badRowsAreRejectedWithTheirReasons() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, BAD);
        NormalizedBatch batch = ParserTestSupport.normalize(BAD, items);
        assertThat(batch.positions()).hasSize(1);
        assertThat(batch.failures()).extracting(RecordFailure::location, RecordFailure::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("line 3", ReasonCode.INVALID_UTI),
                org.assertj.core.groups.Tuple.tuple("line 4", ReasonCode.INCONSISTENT_VALUES),
                org.assertj.core.groups.Tuple.tuple("line 5", ReasonCode.MISSING_FIELD),
                org.assertj.core.groups.Tuple.tuple("line 6", ReasonCode.INVALID_VALUE),
                org.assertj.core.groups.Tuple.tuple("line 7", ReasonCode.INVALID_VALUE),
                org.assertj.core.groups.Tuple.tuple("line 8", ReasonCode.INCONSISTENT_VALUES),
                org.assertj.core.groups.Tuple.tuple("line 9", ReasonCode.UNMAPPED_PRODUCT),
                org.assertj.core.groups.Tuple.tuple("line 10", ReasonCode.INVALID_UPI),
                org.assertj.core.groups.Tuple.tuple("line 11", ReasonCode.INVALID_VALUE));
    }

    @Test
    void missingColumnsFailTheWholeFile() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, Path.of("fixtures/bad/sbsr-missing-column.csv"));
        assertThat(items).singleElement().satisfies(i -> {
            RecordFailure f = (RecordFailure) i;
            assertThat(f.record()).isZero();
            assertThat(f.code()).isEqualTo(ReasonCode.MISSING_COLUMN);
            assertThat(f.message()).contains("mark_to_market, mark_to_market_currency, collateralisation, "
                    + "upi or isda_taxonomy");
        });
    }

    @Test
    void anEmptyFileIsOneWholeFileFailure() {
        assertThat(ParserTestSupport.parse(parser, "empty.csv", "")).singleElement()
                .extracting(i -> ((RecordFailure) i).message()).isEqualTo("the file is empty: no header row");
    }

    @Test
    void collateralisationAcceptsBothSpellingsAndPart45Codes() {
        assertThat(SbsrParser.collateralisation("Partially Collateralised")).contains("PARTIALLY_COLLATERALIZED");
        assertThat(SbsrParser.collateralisation("OWP2")).contains("ONE_WAY_COLLATERALIZED");
        assertThat(SbsrParser.collateralisation("uncl")).contains("UNCOLLATERALIZED");
        assertThat(SbsrParser.collateralisation("SECURED")).isEmpty();
    }

    @Test
    void detectionTellsSbsrFromBrokerDealerCsv() throws Exception {
        FeedFormats formats = FeedFormats.standard();
        assertThat(formats.detect(NORTHSTAR).parser()).isInstanceOf(SbsrParser.class);
        assertThat(formats.detect(SILVERPINE).parser()).isInstanceOf(SbsrParser.class);
        assertThat(formats.detect(Path.of("fixtures/sec/positions-larkspur-2026-11-20.csv")).parser().id())
                .isEqualTo("sec-bd-positions");
    }
}
