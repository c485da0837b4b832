package io.concord.feed.ltr80;

import io.concord.feed.FeedFormats;
import io.concord.feed.FeedItem;
import io.concord.feed.ParserTestSupport;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourcePosition;
import io.concord.mapping.NormalizedBatch;
import io.concord.model.Position;
import io.concord.model.PutCall;
import io.concord.model.ReasonCode;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class Ltr80ParserTest {

    private static final Path GOOD = Path.of("fixtures/cftc/ltr80-2026-11-20.txt");
    private static final Path BAD = Path.of("fixtures/bad/ltr80-bad-records.txt");
    private final Ltr80Parser parser = new Ltr80Parser();

    @Test
    void everyFixtureRecordNormalizesWithFirmLeiAndClassFromFirmsYaml() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, GOOD);
        assertThat(items).hasSize(17).allMatch(SourcePosition.class::isInstance);
        NormalizedBatch batch = ParserTestSupport.normalize(GOOD, items);
        assertThat(batch.failures()).isEmpty();
        assertThat(batch.positions()).hasSize(17);

        Position esCall = batch.positions().get(2);
        assertThat(esCall.firmLei()).isEqualTo("549300HUDSONCLR0RG39");
        assertThat(esCall.account()).isEqualTo("000000100017");
        assertThat(esCall.segregationClass()).isEqualTo(SegregationClass.CFTC_4D_FUT);
        assertThat(esCall.product().taxonomy()).isEqualTo("EQUITY/INDEX_HIGH_CAP/OPTION_ON_FUTURE");
        assertThat(esCall.product().putCall()).isEqualTo(PutCall.CALL);
        assertThat(esCall.product().strike()).isEqualByComparingTo("6800");
        assertThat(esCall.product().expiry()).hasToString("2026-12-18");
        assertThat(esCall.product().terms()).containsEntry("exerciseStyle", "AMERICAN")
                .containsEntry("underlyingMaturity", "202612");
        assertThat(esCall.shortQty()).isEqualByComparingTo("30");
        assertThat(esCall.lineage().feed()).isEqualTo("cftc-ltr80");
        assertThat(esCall.lineage().location()).isEqualTo("line 3");

        Map<String, Long> byClass = batch.positions().stream()
                .collect(Collectors.groupingBy(p -> p.segregationClass().name(), Collectors.counting()));
        assertThat(byClass).containsOnlyKeys("CFTC_4D_FUT", "CFTC_30_7", "CFTC_HOUSE", "XM");
        assertThat(batch.positions()).extracting(Position::firmLei).containsOnly("549300HUDSONCLR0RG39",
                "5493007MERIDIANFUT65", "549300TIDEWATERMM090");
    }

    @Test
    void deliveryNoticesAndEfpsAreTypedQuantitiesNotPositions() throws Exception {
        List<SourcePosition> items = ParserTestSupport.only(ParserTestSupport.parse(parser, GOOD), SourcePosition.class);
        SourcePosition rp = items.get(4);
        SourcePosition dn = items.get(5);
        assertThat(rp.quantities()).containsOnlyKeys("FIN");
        assertThat(rp.longQty()).isEqualByComparingTo("300");
        assertThat(rp.shortQty()).isEqualByComparingTo("120");
        assertThat(dn.quantities()).containsOnlyKeys("DN");
        assertThat(dn.quantities().get("DN")).containsExactly(new BigDecimal("25"), new BigDecimal("0"));
        assertThat(dn.longQty()).isZero();
        assertThat(dn.shortQty()).isZero();
        assertThat(dn.action()).isEqualTo(ReportAction.CHANGE);
        SourcePosition ep = items.get(9);
        assertThat(ep.quantities()).containsOnlyKeys("EP");
        assertThat(ep.quantities().get("EP")).containsExactly(new BigDecimal("0"), new BigDecimal("50"));
    }

    @Test
    void futuresMonthOnlyExpirationHasMaturityButNoExpiryDate() throws Exception {
        SourcePosition zn = ParserTestSupport.only(ParserTestSupport.parse(parser, GOOD), SourcePosition.class).get(4);
        assertThat(zn.attributes()).containsEntry("maturity", "202612").doesNotContainKey("expiry")
                .containsEntry("securityType", "FUT").containsEntry("firmCode", "HUD");
        assertThat(zn.firmLei()).isNull();
        assertThat(zn.segregationClass()).isNull();
    }

    @Test
    void negativeStrikeAndCrlfLineEndsAreRead() {
        String line = "RPNYM  00002000441720261120NYPCL   20261117-000050E00000030000000CL   20261200 O";
        assertThat(line).hasSize(80);
        List<FeedItem> items = ParserTestSupport.parse(parser, "crlf.txt", line + "\r\n" + line + "\r\n");
        assertThat(items).hasSize(2).allMatch(SourcePosition.class::isInstance);
        SourcePosition p = (SourcePosition) items.get(0);
        assertThat(p.attributes()).containsEntry("strike", "-50").containsEntry("putCall", "PUT")
                .containsEntry("term.exerciseStyle", "EUROPEAN").containsEntry("underlying", "CL");
    }

    @Test
    void badRecordsAreRejectedWithLineNumbersAndTheRestAccepted() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, BAD);
        assertThat(items).hasSize(12);
        NormalizedBatch batch = ParserTestSupport.normalize(BAD, items);
        assertThat(batch.positions()).hasSize(1);
        Map<String, ReasonCode> byLocation = batch.failures().stream()
                .collect(Collectors.toMap(RecordFailure::location, RecordFailure::code));
        assertThat(byLocation).containsEntry("line 2", ReasonCode.MALFORMED_FILE)
                .containsEntry("line 3", ReasonCode.MALFORMED_FILE)
                .containsEntry("line 4", ReasonCode.INVALID_DATE)
                .containsEntry("line 5", ReasonCode.INVALID_NUMBER)
                .containsEntry("line 6", ReasonCode.INVALID_VALUE)
                .containsEntry("line 7", ReasonCode.MISSING_FIELD)
                .containsEntry("line 8", ReasonCode.INCONSISTENT_VALUES)
                .containsEntry("line 9", ReasonCode.UNKNOWN_FIRM)
                .containsEntry("line 10", ReasonCode.UNKNOWN_SEGREGATION_CLASS)
                .containsEntry("line 11", ReasonCode.UNMAPPED_PRODUCT)
                .containsEntry("line 12", ReasonCode.INVALID_VALUE);
        assertThat(batch.failures()).filteredOn(f -> f.location().equals("line 2")).first()
                .extracting(RecordFailure::message).isEqualTo("record is 79 characters, must be exactly 80");
    }

    @Test
    void aFirmPrincipalMayReportOnlyTheFirmItsCodeStandsFor() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, GOOD);
        io.concord.gateway.ProcessRun run = new io.concord.gateway.ProcessRun(Files.createTempDirectory("ltr80"),
                io.concord.TestMappings.SHIPPED, FeedFormats.standard(), null)
                .restrictToFirms(java.util.Set.of("549300HUDSONCLR0RG39"));
        try (run) {
            NormalizedBatch batch = run.normalize(new io.concord.feed.RecordBatch(
                    FeedFormats.describe(GOOD, Ltr80Parser.ID), 1, true, items));
            assertThat(batch.positions()).hasSize(8).allMatch(p -> p.firmLei().equals("549300HUDSONCLR0RG39"));
            assertThat(batch.failures()).hasSize(9).allMatch(f -> f.code() == ReasonCode.FIRM_NOT_AUTHORIZED);
        }
    }

    @Test
    void detectionClaimsLtr80FilesOnly() throws Exception {
        FeedFormats formats = FeedFormats.standard();
        assertThat(formats.detect(GOOD).parser()).isInstanceOf(Ltr80Parser.class);
        assertThat(parser.sniff(Files.readString(Path.of("fixtures/sec/positions-hudson-2026-11-20.csv")))).isFalse();
        assertThat(parser.sniff("RPHUD  short line")).isFalse();
    }
}
