package io.concord.feed.xlsx;

import io.concord.feed.FeedFormats;
import io.concord.feed.FeedItem;
import io.concord.feed.ParserTestSupport;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourceCollateral;
import io.concord.mapping.NormalizedBatch;
import io.concord.model.CollateralLine;
import io.concord.model.ReasonCode;
import io.concord.model.SegregationClass;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CollateralXlsxParserTest {

    private static final Path HUDSON = Path.of("fixtures/collateral/collateral-hudson-2026-11-20.xlsx");
    private static final Path NORTHSTAR = Path.of("fixtures/collateral/collateral-northstar-2026-11-20.xlsx");
    private static final Path BAD = Path.of("fixtures/bad/collateral-bad-rows.xlsx");
    private static final Path BOMB = Path.of("fixtures/bad/collateral-zip-bomb.xlsx");
    private final CollateralXlsxParser parser = new CollateralXlsxParser();

    @Test
    void sheetPerClassWorkbookGivesEveryAssetKindItsCollateralNode() throws Exception {
        NormalizedBatch batch = ParserTestSupport.normalize(HUDSON, ParserTestSupport.parse(parser, HUDSON));
        assertThat(batch.failures()).isEmpty();
        Map<String, SegregationClass> classByAsset = batch.collateral().stream().collect(Collectors.toMap(
                CollateralLine::assetClass, CollateralLine::segregationClass, (a, b) -> a));
        assertThat(classByAsset).containsEntry("COLLATERAL/CASH/USD", SegregationClass.CFTC_4D_FUT)
                .containsEntry("COLLATERAL/CASH/EUR", SegregationClass.CFTC_4D_FUT)
                .containsEntry("COLLATERAL/TREASURY/BILL", SegregationClass.CFTC_4D_FUT)
                .containsEntry("COLLATERAL/TREASURY/NOTE", SegregationClass.CFTC_4D_FUT)
                .containsEntry("COLLATERAL/MMF/SHARES", SegregationClass.CFTC_4D_FUT)
                .containsEntry("COLLATERAL/TOKENIZED/MMF", SegregationClass.CFTC_4D_FUT)
                .containsEntry("COLLATERAL/TOKENIZED/TREASURY", SegregationClass.CFTC_4D_FUT)
                .containsEntry("COLLATERAL/STABLECOIN/PAYMENT", SegregationClass.CFTC_4D_FUT)
                .containsEntry("COLLATERAL/TREASURY/BOND", SegregationClass.CFTC_HOUSE)
                .containsEntry("COLLATERAL/GOLD/BULLION", SegregationClass.CFTC_HOUSE)
                .containsEntry("COLLATERAL/EQUITY/SHARES", SegregationClass.XM)
                .containsEntry("COLLATERAL/CRYPTO/BTC", SegregationClass.XM);
        assertThat(batch.collateral()).hasSize(13).allMatch(c -> c.asOf().toString().equals("2026-11-20"))
                .allMatch(c -> c.lineage().feed().equals("collateral-xlsx"));

        CollateralLine token = batch.collateral().stream()
                .filter(c -> c.assetClass().equals("COLLATERAL/TOKENIZED/MMF")).findFirst().orElseThrow();
        assertThat(token.tokenized()).isTrue();
        assertThat(token.assetIds().isin()).isEqualTo("US09261Z1075");
        assertThat(token.assetIds().dti()).isEqualTo("Z3TK9MBQ7");
        assertThat(token.chain()).isEqualTo("ETHEREUM");
        assertThat(token.contractAddress()).isEqualTo("0x7712c34205737192402172409a8f7ccef8aa2aec");
        assertThat(token.custodyModel()).isEqualTo("QUALIFIED_CUSTODIAN");
        assertThat(token.location()).isEqualTo("Anchorage Digital");
        assertThat(token.lineage().location()).isEqualTo("sheet 'CFTC_4D_FUT' row 9");
    }

    @Test
    void formulaCellsAreReadAsCachedValuesAndFlagged() throws Exception {
        NormalizedBatch batch = ParserTestSupport.normalize(HUDSON, ParserTestSupport.parse(parser, HUDSON));
        // 5,000,000 face x 98.734 / 100, as the workbook's formula =L6*M6/100 computed and cached it
        CollateralLine bill = batch.collateral().get(2);
        assertThat(bill.marketValue()).isEqualByComparingTo("4936700");
        assertThat(bill.lineage().location())
                .isEqualTo("sheet 'CFTC_4D_FUT' row 6; formula cached values: Market Value (=L6*M6/100)");
        CollateralLine cash = batch.collateral().get(0);
        assertThat(cash.marketValue()).isEqualByComparingTo("12500000");
        assertThat(cash.lineage().location()).doesNotContain("formula");
    }

    @Test
    void flatWorkbookTakesTheClassColumnAndFindsTheHeaderBelowATitle() throws Exception {
        NormalizedBatch batch = ParserTestSupport.normalize(NORTHSTAR, ParserTestSupport.parse(parser, NORTHSTAR));
        assertThat(batch.failures()).isEmpty();
        assertThat(batch.collateral()).extracting(CollateralLine::segregationClass).containsExactly(
                SegregationClass.UNCLEARED_IM_SEG, SegregationClass.UNCLEARED_IM_SEG, SegregationClass.UNCLEARED_IM_SEG,
                SegregationClass.SEC_SBS_18A_4, SegregationClass.SEC_SBS_18A_4, SegregationClass.SEC_15C3_3_CUST,
                SegregationClass.SEC_15C3_3_CUST, SegregationClass.SEC_15C3_3_CUST);
        assertThat(batch.collateral()).extracting(CollateralLine::assetClass).containsExactly(
                "COLLATERAL/TREASURY/NOTE", "COLLATERAL/EQUITY/SHARES", "COLLATERAL/CRYPTO/ETH",
                "COLLATERAL/CASH/USD", "COLLATERAL/TOKENIZED/MMF", "COLLATERAL/CASH/JPY", "COLLATERAL/CASH/GBP",
                "COLLATERAL/CASH/OTHER");
        CollateralLine chf = batch.collateral().get(7);
        assertThat(chf.assetIds().currency()).isEqualTo("CHF");
        assertThat(chf.direction()).isEqualTo(CollateralLine.Direction.RECEIVED);
        assertThat(chf.purpose()).isEqualTo(CollateralLine.Purpose.EXCESS);
        CollateralLine stellar = batch.collateral().get(4);
        assertThat(stellar.chain()).isEqualTo("STELLAR");
        assertThat(stellar.contractAddress()).startsWith("GBHNG");
    }

    @Test
    void badRowsAreRejectedEachWithItsReason() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, BAD);
        NormalizedBatch batch = ParserTestSupport.normalize(BAD, items);
        assertThat(batch.collateral()).hasSize(1);
        assertThat(batch.failures()).extracting(RecordFailure::code).containsExactly(ReasonCode.INVALID_ISIN,
                ReasonCode.INVALID_DTI, ReasonCode.MISSING_FIELD, ReasonCode.INVALID_VALUE, ReasonCode.MISSING_FIELD,
                ReasonCode.INVALID_VALUE, ReasonCode.UNKNOWN_SEGREGATION_CLASS, ReasonCode.NEGATIVE_QUANTITY,
                ReasonCode.INVALID_LEI, ReasonCode.INCONSISTENT_VALUES, ReasonCode.MISSING_COLUMN);
        assertThat(batch.failures().get(4).message())
                .isEqualTo("market_value is the formula =K9*L9 with no cached value: recalculate and save the "
                        + "workbook in Excel");
        assertThat(batch.failures().get(5).message()).isEqualTo("market_value holds the error #DIV/0! from the "
                + "formula =K10/L10");
        RecordFailure sheet = batch.failures().get(10);
        assertThat(sheet.record()).isZero();
        assertThat(sheet.location()).isEqualTo("sheet 'CFTC_4D_FUT'");
    }

    @Test
    void aZipBombIsRefusedAsAWholeFileWithPoiLimitsOn() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, BOMB);
        assertThat(items).singleElement().satisfies(i -> {
            RecordFailure f = (RecordFailure) i;
            assertThat(f.record()).isZero();
            assertThat(f.code()).isEqualTo(ReasonCode.ARCHIVE_REFUSED);
            assertThat(f.message()).contains("Zip bomb detected");
        });
    }

    @Test
    void notAWorkbookIsAMalformedFile() {
        byte[] docLike = "PK\u0003\u0004[Content_Types].xml but not a zip".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<FeedItem> items = ParserTestSupport.parse(parser, "broken.xlsx", docLike);
        assertThat(items).singleElement().extracting(i -> ((RecordFailure) i).code())
                .isEqualTo(ReasonCode.MALFORMED_FILE);
    }

    @Test
    void aClassSheetWithoutRequiredColumnsFailsAndCoverSheetsAreNotData() throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            wb.createSheet("Notes").createRow(0).createCell(0).setCellValue("prepared by treasury ops");
            Sheet s = CollateralWorkbooks.schedule(wb, "CFTC_30_7", "Foreign futures secured amount",
                    List.of("as_of", "owner_lei", "account", "asset_type", "quantity", "currency"));
            CollateralWorkbooks.row(s, "2026-11-20", CollateralWorkbooks.QUARRY, "F-1", "CASH", 1, "USD");
            List<FeedItem> items = ParserTestSupport.parse(parser, "partial.xlsx", CollateralWorkbooks.bytes(wb));
            assertThat(items).singleElement().satisfies(i -> {
                RecordFailure f = (RecordFailure) i;
                assertThat(f.code()).isEqualTo(ReasonCode.MISSING_COLUMN);
                assertThat(f.location()).isEqualTo("sheet 'CFTC_30_7' row 3 (header)");
                assertThat(f.message()).contains("market_value, direction, purpose");
            });
        }
    }

    @Test
    void numericCellsAreReadInPlainFormAndDatesFromSerials() throws Exception {
        assertThat(CollateralXlsxParser.plain("1.25E7")).isEqualTo("12500000");
        assertThat(CollateralXlsxParser.plain("2000000.0")).isEqualTo("2000000");
        assertThat(CollateralXlsxParser.columnIndex("AB12")).isEqualTo(27);
        assertThat(CollateralXlsxParser.columnName(27)).isEqualTo("AB");
        List<SourceCollateral> lines = ParserTestSupport.only(ParserTestSupport.parse(parser, HUDSON), SourceCollateral.class);
        assertThat(lines).allMatch(l -> l.line().asOf().toString().equals("2026-11-20"));
    }

    @Test
    void dateCellsFollowTheWorkbooks1904DateSystem() throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            (wb.getCTWorkbook().isSetWorkbookPr() ? wb.getCTWorkbook().getWorkbookPr()
                    : wb.getCTWorkbook().addNewWorkbookPr()).setDate1904(true);
            Sheet s = CollateralWorkbooks.schedule(wb, "CFTC_4D_FUT", "Mac workbook", CollateralWorkbooks.HEADER);
            CollateralWorkbooks.row(s, CollateralWorkbooks.AS_OF, CollateralWorkbooks.QUARRY, "CUST-1001", "CASH",
                    "USD cash", "", "", "", "", "", "", 100, 1, 100, "USD", "POSTED", "IM", "");
            List<SourceCollateral> lines = ParserTestSupport.only(
                    ParserTestSupport.parse(parser, "mac.xlsx", CollateralWorkbooks.bytes(wb)), SourceCollateral.class);
            assertThat(lines).singleElement().satisfies(l -> assertThat(l.line().asOf()).hasToString("2026-11-20"));
        }
    }

    @Test
    void detection() throws Exception {
        assertThat(FeedFormats.standard().detect(HUDSON).parser()).isInstanceOf(CollateralXlsxParser.class);
        assertThat(FeedFormats.standard().detect(BOMB).parser()).isInstanceOf(CollateralXlsxParser.class);
    }
}
