package io.concord.feed.part45;

import io.concord.feed.FeedItem;
import io.concord.feed.ParserTestSupport;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourceCollateral;
import io.concord.feed.SourcePosition;
import io.concord.TestMappings;
import io.concord.mapping.Normalizer;
import io.concord.model.CollateralLine;
import io.concord.model.CollateralLine.Direction;
import io.concord.model.CollateralLine.Purpose;
import io.concord.model.ReasonCode;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class Part45ParserTest {

    private final Part45Parser parser = new Part45Parser();
    private final Normalizer normalizer = new Normalizer(TestMappings.SHIPPED);

    private static SourcePosition byUti(List<FeedItem> items, String suffix) {
        return ParserTestSupport.positions(items).stream()
                .filter(p -> p.attributes().get("term.uti").endsWith(suffix)).findFirst().orElseThrow();
    }

    @Test
    void tradeStateBecomesSwapPositionsOfTheReportingCounterparty() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, Path.of("fixtures/cftc/part45-trades-meridian-2026-11-20.xml"));
        assertThat(items).hasSize(5).allMatch(SourcePosition.class::isInstance);

        SourcePosition irs = byUti(items, "IRS20261118SOFR0001");
        assertThat(irs.firmLei()).isEqualTo("5493007MERIDIANFUT65");
        assertThat(irs.account()).isEqualTo("MER-LSOC-ALDER");
        // cleared, ClrAcctOrgn CLIE: cleared swaps customer
        assertThat(irs.segregationClass()).isEqualTo(SegregationClass.CFTC_4D_F_LSOC);
        // DrctnOfTheFrstLeg TAKE: receives the first leg: long the notional
        assertThat(irs.longQty()).isEqualByComparingTo("50000000");
        assertThat(irs.shortQty()).isZero();
        assertThat(irs.marketValue()).isEqualByComparingTo("125000");
        assertThat(irs.asOf()).hasToString("2026-11-20");
        assertThat(irs.attributes()).containsEntry("assetClass", "INTR").containsEntry("securityType", "SWAP")
                .containsEntry("upi", "QZ4KB0X5B9L1").containsEntry("cfi", "SRCCSP").containsEntry("term.cleared", "Y")
                .containsEntry("term.notional", "50000000").containsEntry("term.collateralPortfolio", "MER-LSOC-ALDER")
                .containsEntry("term.otherCounterparty", "549300ALDERPENSION65").containsEntry("expiry", "2036-11-20");

        SourcePosition cdx = byUti(items, "CDXIG47HOUSE0002");
        assertThat(cdx.segregationClass()).isEqualTo(SegregationClass.CFTC_HOUSE);
        assertThat(cdx.shortQty()).isEqualByComparingTo("25000000");
        assertThat(cdx.marketValue()).isEqualByComparingTo("-48000");

        SourcePosition fx = byUti(items, "FXFWDEURUSD0003");
        // uncleared, no portfolio: the account is the relationship with the other counterparty
        assertThat(fx.account()).isEqualTo("CPTY:549300BRIARWOODEN003");
        assertThat(fx.segregationClass()).isEqualTo(SegregationClass.CFTC_HOUSE);
        assertThat(fx.attributes()).containsEntry("currencyPair", "EUR/USD").containsEntry("term.cleared", "N");

        // a termination leaves nothing open
        SourcePosition swaption = byUti(items, "SWPT1Y10Y0005");
        assertThat(swaption.longQty()).isZero();
        assertThat(swaption.shortQty()).isZero();
    }

    @Test
    void tradesMapToSwapTaxonomyNodes() throws Exception {
        List<String> taxonomy = new java.util.ArrayList<>();
        for (String f : List.of("part45-trades-meridian-2026-11-20.xml", "part45-trades-larkspur-2026-11-20.xml")) {
            for (SourcePosition p : ParserTestSupport.positions(ParserTestSupport.parse(parser, Path.of("fixtures/cftc", f)))) {
                Normalizer.Result r = normalizer.normalize(p);
                assertThat(r.failure()).as(p.attributes().toString()).isNull();
                taxonomy.add(r.position().product().taxonomy());
                assertThat(r.position().lineage().feed()).isEqualTo("cftc-part45");
                assertThat(r.position().product().terms()).containsKeys("uti", "notional", "cleared");
            }
        }
        assertThat(taxonomy).containsExactly("RATES/IRS/SWAP", "CREDIT/INDEX/CDS", "FX/G10/FORWARD",
                "COMMODITY/ENERGY/SWAP", "RATES/IRS/SWAPTION", "EQUITY/INDEX_HIGH_CAP/SWAP", "CREDIT/SINGLE_NAME/CDS", "EQUITY/SINGLE_STOCK/SBS");
    }

    @Test
    void marginDataBecomesCollateralLinesWithReportedHaircuts() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, Path.of("fixtures/cftc/part45-margin-meridian-2026-11-20.xml"));
        List<CollateralLine> lines = ParserTestSupport.collateral(items).stream()
                .map(SourceCollateral::line).toList();
        assertThat(items).hasSize(lines.size());
        assertThat(lines).extracting(CollateralLine::account, CollateralLine::purpose, CollateralLine::direction,
                        CollateralLine::segregationClass)
                .containsExactly(
                        tuple("UTI:5493007MERIDIANFUT65FXFWDEURUSD0003", Purpose.IM, Direction.POSTED, SegregationClass.UNCLEARED_IM_SEG),
                        tuple("UTI:5493007MERIDIANFUT65FXFWDEURUSD0003", Purpose.VM, Direction.POSTED, SegregationClass.CFTC_HOUSE),
                        tuple("UTI:5493007MERIDIANFUT65FXFWDEURUSD0003", Purpose.IM, Direction.RECEIVED, SegregationClass.UNCLEARED_IM_SEG),
                        tuple("MER-HOUSE-ICC", Purpose.VM, Direction.POSTED, SegregationClass.CFTC_HOUSE),
                        tuple("MER-HOUSE-ICC", Purpose.EXCESS, Direction.POSTED, SegregationClass.CFTC_HOUSE),
                        tuple("MER-LSOC-ALDER", Purpose.IM, Direction.POSTED, SegregationClass.CFTC_4D_F_LSOC),
                        tuple("MER-LSOC-ALDER", Purpose.VM, Direction.RECEIVED, SegregationClass.CFTC_4D_F_LSOC));
        CollateralLine im = lines.get(0);
        // 1,200,000 pre-haircut, 1,128,000 post-haircut: a 6% haircut
        assertThat(im.marketValue()).isEqualByComparingTo("1200000");
        assertThat(im.postHaircutValue()).isEqualByComparingTo("1128000");
        assertThat(im.haircutPct()).isEqualByComparingTo("6");
        assertThat(im.ownerLei()).isEqualTo("5493007MERIDIANFUT65");
        assertThat(im.currency()).isEqualTo("USD");
        assertThat(im.asOf()).hasToString("2026-11-20");
        for (SourceCollateral c : ParserTestSupport.collateral(items)) {
            Normalizer.CollateralResult r = normalizer.normalize(c);
            assertThat(r.failure()).isNull();
            assertThat(r.line().assetClass()).isEqualTo("COLLATERAL/REPORTED/VALUE");
        }
    }

    @Test
    void separateImAndVmPortfoliosNameTheirLines() throws Exception {
        List<CollateralLine> lines = ParserTestSupport.collateral(ParserTestSupport.parse(parser,
                Path.of("fixtures/cftc/part45-margin-larkspur-2026-11-20.xml"))).stream()
                .map(SourceCollateral::line).toList();
        assertThat(lines).extracting(CollateralLine::account, CollateralLine::purpose, CollateralLine::direction)
                .containsExactly(tuple("LARK-CALDERA-IM", Purpose.IM, Direction.POSTED),
                        tuple("LARK-CALDERA-IM", Purpose.EXCESS, Direction.POSTED),
                        tuple("LARK-CALDERA-IM", Purpose.IM, Direction.RECEIVED),
                        tuple("LARK-CALDERA-CSA", Purpose.VM, Direction.RECEIVED));
        // 2,800,000 pre, 2,604,000 post: 7%
        assertThat(lines.get(2).haircutPct()).isEqualByComparingTo("7");
        assertThat(lines.get(1).haircutPct()).isNull();
    }

    @Test
    void schemaErrorsRejectTheRecordWithTheElementAndLine() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, Path.of("fixtures/bad/part45-bad-trades.xml"));
        assertThat(items).hasSize(5);
        assertThat(items.get(0)).isInstanceOf(SourcePosition.class);
        List<RecordFailure> failures = ParserTestSupport.failures(items);
        assertThat(failures).extracting(RecordFailure::record, RecordFailure::code)
                .containsExactly(tuple(2L, ReasonCode.SCHEMA_INVALID), tuple(3L, ReasonCode.UNKNOWN_SEGREGATION_CLASS),
                        tuple(4L, ReasonCode.INVALID_LEI), tuple(0L, ReasonCode.INCONSISTENT_VALUES));
        RecordFailure schema = failures.get(0);
        assertThat(schema.location()).startsWith("/Document/DerivsTradRpt/TradData/Rpt[2] (line ");
        assertThat(schema.field()).isEqualTo("/Document/DerivsTradRpt/TradData/Rpt/New/CmonTradData/TxData/NtnlAmt/FrstLeg/Amt/Amt");
        assertThat(schema.message()).contains("/Document/DerivsTradRpt/TradData/Rpt/New/CmonTradData/TxData/NtnlAmt/FrstLeg/Amt/Amt (line 78): cvc-pattern-valid: Value 'US'").contains("'-5000000'");
        assertThat(failures.get(3).message()).isEqualTo("the header declares 5 records, the document has 4");
    }

    @Test
    void dtdIsRefused() throws Exception {
        assertThat(ParserTestSupport.parse(parser, Path.of("fixtures/bad/part45-margin-external-entity.xml")))
                .singleElement().isInstanceOfSatisfying(RecordFailure.class,
                        f -> assertThat(f.code()).isEqualTo(ReasonCode.DTD_REFUSED));
    }

    @Test
    void aDocumentInAnotherMessageIsRefusedWhole() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("auth031", ".xml");
        java.nio.file.Files.writeString(f, "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:auth.031.001.01\"/>");
        assertThat(ParserTestSupport.parse(parser, f)).singleElement().isInstanceOfSatisfying(RecordFailure.class,
                r -> assertThat(r.code()).isEqualTo(ReasonCode.MALFORMED_FILE));
        java.nio.file.Files.delete(f);
    }

    @Test
    void aHeaderSchemaErrorRejectsEachReportSoReceivedIsTheReportsInTheFile(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        String doc = java.nio.file.Files.readString(Path.of("fixtures/cftc/part45-trades-larkspur-2026-11-20.xml"))
                .replace("<NbRcrds>3</NbRcrds>", "");
        List<FeedItem> items = ParserTestSupport.parse(parser, doc, tmp, "no-count.xml");
        assertThat(ParserTestSupport.positions(items)).isEmpty();
        assertThat(ParserTestSupport.failures(items)).hasSize(3).allSatisfy(f -> {
            assertThat(f.code()).isEqualTo(ReasonCode.SCHEMA_INVALID);
            assertThat(f.record()).isPositive();
            assertThat(f.message()).as(f.message()).contains("report header is not valid")
                    .contains("/Document/DerivsTradRpt/RptHdr (line ").contains("NbRcrds");
        });
    }

    @Test
    void aMissingHeaderRejectsEachReportWithoutAnExtraRecord(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        // ISDA DRR's auth.108 projections start TradData without the RptHdr the schema requires: the file's three
        // reports are each refused for it, and no file-level failure is added (received = the 3 reports)
        String doc = java.nio.file.Files.readString(Path.of("fixtures/cftc/part45-trades-larkspur-2026-11-20.xml"))
                .replaceFirst("(?s)<RptHdr>.*?</RptHdr>", "");
        List<FeedItem> items = ParserTestSupport.parse(parser, doc, tmp, "no-header.xml");
        assertThat(ParserTestSupport.positions(items)).isEmpty();
        assertThat(ParserTestSupport.failures(items)).hasSize(3).allSatisfy(f -> {
            assertThat(f.code()).isEqualTo(ReasonCode.SCHEMA_INVALID);
            assertThat(f.record()).isPositive();
            assertThat(f.message()).as(f.message()).contains("report header is not valid")
                    .contains("before /Document/DerivsTradRpt/TradData/Rpt[1]").contains("RptHdr");
        });
    }

    @Test
    void aValuationOnlyUpdateIsRefusedAsNoPositionSayingWhy(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        String doc = java.nio.file.Files.readString(Path.of("fixtures/cftc/part45-trades-larkspur-2026-11-20.xml"))
                .replaceFirst("<New>", "<ValtnUpd>").replaceFirst("</New>", "</ValtnUpd>");
        List<FeedItem> items = ParserTestSupport.parse(parser, doc, tmp, "valtn.xml");
        assertThat(ParserTestSupport.positions(items)).hasSize(2);
        RecordFailure f = ParserTestSupport.failures(items).get(0);
        assertThat(f.code()).isEqualTo(ReasonCode.NOT_A_POSITION);
        assertThat(f.field()).isEqualTo("ValtnUpd");
        assertThat(f.message()).contains("valuation update").contains("UTI ");
    }

    @Test
    void emirVersionsAreNamedWithTheVersionsRead(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        String emir = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:auth.030.001.03\"><DerivsTradRpt/></Document>";
        assertThat(parser.sniff(emir)).isFalse();
        assertThat(parser.nearMiss(emir)).contains("auth.030.001.03").contains("auth.030.001.04")
                .contains("auth.108.001.02");
        assertThat(parser.nearMiss("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:auth.108.001.01\">"))
                .contains("auth.108.001.01");
        Path f = tmp.resolve("emir.xml");
        java.nio.file.Files.writeString(f, emir);
        assertThat(io.concord.feed.FeedFormats.standard().detect(f).problem()).contains("auth.030.001.03")
                .contains("CFTC Part 45 versions");
        RecordFailure given = (RecordFailure) ParserTestSupport.parse(parser, f).get(0);
        assertThat(given.code()).isEqualTo(ReasonCode.MALFORMED_FILE);
        assertThat(given.message()).contains("auth.030.001.03 is not a version cftc-part45 reads");
    }

    @Test
    void aDocumentInABusinessMessageEnvelopeIsRefusedNamingTheEnvelope() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of(
                "fixtures/real/iso20022-drr-asic-valuation-update-ex01.xml"));
        String wrapped = "<BizData xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.003.001.01\"><Hdr>"
                + "<AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.01\"><MsgDefIdr>auth.030.001.04"
                + "</MsgDefIdr></AppHdr></Hdr><Pyld>" + doc.replaceFirst("^<\\?xml[^>]*>", "") + "</Pyld></BizData>";
        Part45Parser parser = new Part45Parser();
        assertThat(parser.sniff(wrapped)).isTrue();
        List<io.concord.feed.RecordFailure> f = io.concord.feed.ParserTestSupport.failures(
                io.concord.feed.ParserTestSupport.parse(parser, "bizdata.xml", wrapped));
        assertThat(f).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(io.concord.model.ReasonCode.MALFORMED_FILE);
            assertThat(r.message()).contains("business message envelope (<BizData>", "send the Document without");
        });
    }
}
