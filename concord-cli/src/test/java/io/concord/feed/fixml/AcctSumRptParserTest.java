package io.concord.feed.fixml;

import io.concord.feed.FeedItem;
import io.concord.feed.ParserTestSupport;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourceCollateral;
import io.concord.TestMappings;
import io.concord.mapping.Normalizer;
import io.concord.model.CollateralLine;
import io.concord.model.ReasonCode;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class AcctSumRptParserTest {

    private final AcctSumRptParser parser = new AcctSumRptParser();
    private final Normalizer normalizer = new Normalizer(TestMappings.SHIPPED);

    private static List<CollateralLine> lines(List<FeedItem> items) {
        return ParserTestSupport.collateral(items).stream().map(SourceCollateral::line).toList();
    }

    @Test
    void eachCollAmtGroupIsACollateralLineInItsSegregationClass() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, Path.of("fixtures/cftc/acctsum-cme-2026-11-20.xml"));
        assertThat(items).hasSize(11).allMatch(SourceCollateral.class::isInstance);
        List<CollateralLine> lines = lines(items);
        assertThat(lines).extracting(CollateralLine::ownerLei, CollateralLine::account,
                        CollateralLine::segregationClass)
                .startsWith(tuple("549300HUDSONCLR0RG39", "HUD-CUST-ORIGIN", SegregationClass.CFTC_4D_FUT))
                .contains(tuple("549300HUDSONCLR0RG39", "HOUSE", SegregationClass.CFTC_HOUSE),
                        tuple("5493007MERIDIANFUT65", "MER-LSOC-ALDER", SegregationClass.CFTC_4D_F_LSOC),
                        tuple("5493007MERIDIANFUT65", "SECURED_30_7", SegregationClass.CFTC_30_7));
        CollateralLine bill = lines.get(1);
        // 250,000,000 face at 99.144 = 247,860,000 market value; 246,620,700 after CME's haircut: 0.5%
        assertThat(bill.marketValue()).isEqualByComparingTo("247860000");
        assertThat(bill.postHaircutValue()).isEqualByComparingTo("246620700");
        assertThat(bill.haircutPct()).isEqualByComparingTo("0.5");
        assertThat(bill.assetIds().isin()).isEqualTo("US912797LB15");
        assertThat(bill.location()).isEqualTo("CME");
        assertThat(bill.purpose()).isEqualTo(CollateralLine.Purpose.IM);
        assertThat(bill.direction()).isEqualTo(CollateralLine.Direction.POSTED);
        CollateralLine cash = lines.get(0);
        assertThat(cash.marketValue()).isEqualByComparingTo("184500000");
        assertThat(cash.haircutPct()).isNull();
        assertThat(cash.postHaircutValue()).isNull();
    }

    @Test
    void collateralMapsToCollateralNodes() throws Exception {
        List<String> classes = new java.util.ArrayList<>();
        for (String f : List.of("acctsum-cme-2026-11-20.xml", "acctsum-ice-clear-credit-2026-11-20.xml")) {
            for (SourceCollateral c : ParserTestSupport.collateral(ParserTestSupport.parse(parser, Path.of("fixtures/cftc", f)))) {
                Normalizer.CollateralResult r = normalizer.normalize(c);
                assertThat(r.failure()).as(c.attributes().toString()).isNull();
                assertThat(r.line().lineage().feed()).isEqualTo("cftc-acctsum");
                classes.add(r.line().assetClass());
            }
        }
        assertThat(classes).containsExactly("COLLATERAL/CASH/USD", "COLLATERAL/TREASURY/BILL",
                "COLLATERAL/MMF/SHARES", "COLLATERAL/CASH/USD", "COLLATERAL/TREASURY/NOTE", "COLLATERAL/CASH/USD",
                "COLLATERAL/CASH/EUR", "COLLATERAL/TREASURY/BOND", "COLLATERAL/CASH/USD", "COLLATERAL/CASH/GBP",
                "COLLATERAL/GOLD/BULLION", "COLLATERAL/TREASURY/NOTE", "COLLATERAL/CASH/USD", "COLLATERAL/CASH/USD",
                "COLLATERAL/TREASURY/BILL", "COLLATERAL/EQUITY/SHARES");
    }

    @Test
    void badReportsAndGroupsAreRejectedEachWithItsReason() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, Path.of("fixtures/bad/acctsum-bad-collateral.xml"));
        assertThat(ParserTestSupport.failures(items))
                .extracting(RecordFailure::record, RecordFailure::code, RecordFailure::field)
                .containsExactly(tuple(1L, ReasonCode.UNKNOWN_SEGREGATION_CLASS, "@FundSegTyp"),
                        tuple(2L, ReasonCode.INVALID_LEI, "Pty[@R=4]/@ID"),
                        tuple(3L, ReasonCode.NEGATIVE_QUANTITY, "CollAmt/@Amt"),
                        tuple(4L, ReasonCode.INVALID_VALUE, "CollAmt/@HaircutInd"),
                        tuple(5L, ReasonCode.INCONSISTENT_VALUES, "CollAmt/@FXRate"),
                        tuple(6L, ReasonCode.INVALID_ISIN, "CollAmt/@ID"),
                        tuple(7L, ReasonCode.INCONSISTENT_VALUES, "CollAmt/@Amt"),
                        tuple(10L, ReasonCode.MISSING_FIELD, "CollAmt"));
        List<SourceCollateral> parsed = ParserTestSupport.collateral(items);
        assertThat(parsed).hasSize(2);
        // Typ=CRYPTO_KITTIES parses but no definition maps it
        assertThat(normalizer.normalize(parsed.get(0)).failure().code()).isEqualTo(ReasonCode.UNMAPPED_PRODUCT);
        assertThat(normalizer.normalize(parsed.get(1)).failure()).isNull();
        RecordFailure first = ParserTestSupport.failures(items).get(0);
        assertThat(first.location()).isEqualTo("/FIXML/Batch/AcctSumRpt[1] (line 5) CollAmt[1]");
        assertThat(first.attributes()).containsEntry("FundSegTyp", "OMNIBUS");
    }

    @Test
    void sniffTellsAcctSumFromPosRpt() throws Exception {
        String acctsum = java.nio.file.Files.readString(Path.of("fixtures/cftc/acctsum-cme-2026-11-20.xml"));
        String posrpt = java.nio.file.Files.readString(Path.of("fixtures/cftc/posrpt-hudson-2026-11-20.xml"));
        assertThat(parser.sniff(acctsum)).isTrue();
        assertThat(parser.sniff(posrpt)).isFalse();
        assertThat(new PosRptParser().sniff(acctsum)).isFalse();
    }
}
