package io.concord.feed.fixml;

import io.concord.feed.Attr;
import io.concord.feed.FeedItem;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourcePosition;
import io.concord.model.ReasonCode;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static io.concord.feed.ParserTestSupport.failures;
import static io.concord.feed.ParserTestSupport.parse;
import static io.concord.feed.ParserTestSupport.positions;
import static org.assertj.core.api.Assertions.assertThat;

class PosRptParserTest {

    private final PosRptParser parser = new PosRptParser();

    @TempDir
    Path tmp;

    @Test
    void readsEveryReportOfABatchWithPartiesInstrumentAndTypedQuantities() throws Exception {
        List<FeedItem> items = parse(parser, Path.of("fixtures/cftc/posrpt-hudson-2026-11-20.xml"));

        assertThat(failures(items)).isEmpty();
        List<SourcePosition> ps = positions(items);
        assertThat(ps).hasSize(9);
        SourcePosition es = ps.get(0);
        assertThat(es.firmLei()).isEqualTo("549300HUDSONCLR0RG39");
        assertThat(es.account()).isEqualTo("CUST-1001");
        assertThat(es.segregationClass()).isEqualTo(SegregationClass.CFTC_4D_FUT);
        assertThat(es.asOf()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(es.action()).isEqualTo(ReportAction.NEW);
        assertThat(es.longQty()).isEqualByComparingTo("125");
        assertThat(es.shortQty()).isEqualByComparingTo("0");
        assertThat(es.quantities().get("SOD")).containsExactly(new BigDecimal("120"), new BigDecimal("0"));
        assertThat(es.price()).isEqualByComparingTo("6852.25");
        assertThat(es.attributes()).containsEntry(Attr.EXCHANGE, "CME").containsEntry(Attr.CONTRACT_CODE, "ES")
                .containsEntry(Attr.SECURITY_TYPE, "FUT").containsEntry(Attr.MATURITY, "202612")
                .containsEntry(Attr.EXPIRY, "2026-12-18").containsEntry(Attr.MULTIPLIER, "50");
        assertThat(es.lineage().location()).isEqualTo("/FIXML/Batch/PosRpt[1] (line 5)");

        SourcePosition call = ps.get(2);
        assertThat(call.attributes()).containsEntry(Attr.PUT_CALL, "CALL").containsEntry(Attr.STRIKE, "6800");
        assertThat(call.shortQty()).isEqualByComparingTo("30");
        assertThat(ps.get(3).attributes()).containsEntry(Attr.PUT_CALL, "PUT");
        assertThat(ps.get(4).segregationClass()).isEqualTo(SegregationClass.CFTC_HOUSE);
        assertThat(ps.get(6).segregationClass()).isEqualTo(SegregationClass.XM);
    }

    @Test
    void ignoresUnknownElementsAndAttributesAndAnyNamespace() throws Exception {
        List<FeedItem> items = parse(parser, Path.of("fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml"));

        assertThat(failures(items)).isEmpty();
        assertThat(positions(items)).extracting(SourcePosition::account).containsExactly("M-4410", "M-4410", "M-4411");
        assertThat(positions(items).get(0).longQty()).isEqualByComparingTo("12");
        assertThat(positions(items).get(0).shortQty()).isEqualByComparingTo("2");
    }

    @Test
    void aSinglePosRptWithoutBatchOrNamespaceIsRead() throws Exception {
        String xml = """
                <FIXML><PosRpt RptID="1" BizDt="2026-11-20" AcctTyp="7" Actn="2">
                  <Pty ID="5493007MERIDIANFUT65" R="4"/><Pty ID="A-1" R="38"/>
                  <Instrmt Sym="ZN" SecTyp="FUT" MMY="202703" Exch="CBT"/>
                  <Qty Typ="SOD" Long="4" Short="0"/></PosRpt></FIXML>""";
        List<FeedItem> items = parse(parser, xml, tmp, "one.xml");

        SourcePosition p = positions(items).get(0);
        assertThat(p.action()).isEqualTo(ReportAction.CHANGE);
        assertThat(p.segregationClass()).isEqualTo(SegregationClass.XM);
        assertThat(p.longQty()).as("no FIN quantity reported").isEqualByComparingTo("0");
        assertThat(p.quantities()).containsOnlyKeys("SOD");
        assertThat(p.lineage().location()).isEqualTo("/FIXML/PosRpt[1] (line 1)");
    }

    @Test
    void rejectsBadRecordsWithFieldAndLocationAndKeepsTheGoodOnes() throws Exception {
        List<FeedItem> items = parse(parser, Path.of("fixtures/bad/fixml-bad-records.xml"));

        // record 3 is valid FIXML: its multiplier mismatch is for the mappings to find, not the parser
        assertThat(positions(items)).extracting(p -> p.lineage().record()).containsExactly(3L, 5L);
        List<RecordFailure> bad = failures(items);
        assertThat(bad).extracting(RecordFailure::code).containsExactly(ReasonCode.INVALID_LEI,
                ReasonCode.UNKNOWN_SEGREGATION_CLASS, ReasonCode.NEGATIVE_QUANTITY);
        assertThat(bad.get(0).field()).isEqualTo("Pty[@R=4]/@ID");
        assertThat(bad.get(0).location()).isEqualTo("/FIXML/Batch/PosRpt[1] (line 5)");
        assertThat(bad.get(0).attributes()).containsEntry("RptID", "BAD-1");
        assertThat(bad.get(1).field()).isEqualTo("@AcctTyp");
        assertThat(bad.get(2).field()).isEqualTo("Qty[@Typ=FIN]/@Long");
    }

    @Test
    void refusesADtdWithAnExternalEntityAsOneWholeFileFailure() throws Exception {
        List<FeedItem> items = parse(parser, Path.of("fixtures/bad/fixml-external-entity.xml"));

        assertThat(items).hasSize(1);
        RecordFailure f = (RecordFailure) items.get(0);
        assertThat(f.code()).isEqualTo(ReasonCode.DTD_REFUSED);
        assertThat(f.record()).isZero();
        assertThat(f.message()).doesNotContain("root:");
    }

    @Test
    void aTruncatedFileYieldsTheReportsBeforeTheBreakThenOneFailureNamingWhere() throws Exception {
        List<FeedItem> items = parse(parser, Path.of("fixtures/bad/fixml-truncated.xml"));

        assertThat(positions(items)).hasSize(2);
        RecordFailure f = failures(items).get(0);
        assertThat(f.code()).isEqualTo(ReasonCode.MALFORMED_FILE);
        assertThat(f.location()).isEqualTo("/FIXML/Batch/PosRpt[3] (line 18)");
        assertThat(f.message()).contains("line 21");
    }

    @Test
    void rejectsAFileWhoseRootIsNotFixml() throws Exception {
        List<FeedItem> items = parse(parser, "<Positions><PosRpt/></Positions>", tmp, "x.xml");
        assertThat(failures(items)).singleElement().extracting(RecordFailure::code).isEqualTo(ReasonCode.MALFORMED_FILE);
    }

    @Test
    void optionsNeedStrikeAndPutCall() throws Exception {
        String xml = """
                <FIXML><PosRpt BizDt="2026-11-20" AcctTyp="1" Actn="1">
                  <Pty ID="5493007MERIDIANFUT65" R="4"/><Pty ID="A-1" R="38"/>
                  <Instrmt Sym="ES" SecTyp="OOF" MMY="202612" Exch="CME" PutCall="1"/>
                  <Qty Typ="FIN" Long="1" Short="0"/></PosRpt></FIXML>""";
        RecordFailure f = failures(parse(parser, xml, tmp, "opt.xml")).get(0);
        assertThat(f.code()).isEqualTo(ReasonCode.MISSING_FIELD);
        assertThat(f.field()).isEqualTo("Instrmt/@StrkPx");
    }

    @Test
    void sniffsFixmlPositionReportsOnly() {
        assertThat(parser.sniff("<?xml version=\"1.0\"?><FIXML><Batch><PosRpt ")).isTrue();
        assertThat(parser.sniff("<?xml version=\"1.0\"?><FIXML><AcctSumRpt ")).isFalse();
        assertThat(parser.sniff("firm_lei,account")).isFalse();
    }

    @Test
    void aPosRptWithoutActnIsAFullSnapshotAsFix50Sp2WritesIt() {
        // FIX 5.0 SP2 PositionReport (35=AP) has no PosMaintAction(712): it reports the position as it stands
        String xml = """
                <FIXML v="FIX.5.0SP2"><PosRpt RptID="7" BizDt="2026-11-20" AcctTyp="1">
                  <Pty ID="5493007MERIDIANFUT65" R="4"/><Pty ID="A-1" R="38"/>
                  <Instrmt Sym="ZN" SecTyp="FUT" MMY="202703" Exch="CBT"/>
                  <Qty Typ="FIN" Long="4" Short="1"/></PosRpt></FIXML>""";
        SourcePosition p = positions(parse(parser, "snap.xml", xml)).get(0);
        assertThat(p.action()).isEqualTo(ReportAction.NEW);
        assertThat(p.longQty()).isEqualByComparingTo("4");
    }

    @Test
    void anUnknownActnIsStillRefusedNamingTheValuesAllowed() {
        String xml = """
                <FIXML><PosRpt BizDt="2026-11-20" AcctTyp="1" Actn="3">
                  <Pty ID="5493007MERIDIANFUT65" R="4"/><Pty ID="A-1" R="38"/>
                  <Instrmt Sym="ZN" SecTyp="FUT" MMY="202703" Exch="CBT"/>
                  <Qty Typ="FIN" Long="4" Short="1"/></PosRpt></FIXML>""";
        RecordFailure f = failures(parse(parser, "act.xml", xml)).get(0);
        assertThat(f.field()).isEqualTo("@Actn");
        assertThat(f.message()).contains("absent (a full snapshot)");
    }

    @Test
    void theFixSpecificationsOwnBatchIsReadAndRefusedOnlyForItsNonLeiFirm() throws Exception {
        // FIXML Technical Specification (FIX Trading Community), "FIXML Batch Message Example": three PosRpt
        // without Actn, an equity option known by its CFI (OCASPS) only, the account in @Acct and Pty R=38, and a
        // clearing firm "99999", which is not an ISO 17442 LEI (Part 17 identifies the firm by its LEI)
        List<FeedItem> items = parse(parser, Path.of("fixtures/real/fixml-spec-posrpt-batch.xml"));

        assertThat(items).hasSize(3);
        assertThat(failures(items)).extracting(RecordFailure::code).containsOnly(ReasonCode.INVALID_LEI);
        assertThat(failures(items)).extracting(RecordFailure::field).containsOnly("Pty[@R=4]/@ID");
        assertThat(failures(items)).extracting(RecordFailure::message).noneMatch(m -> m.contains("Actn"));
    }

    @Test
    void withAnLeiTheSpecificationsReportIsAnOptionKnownByItsCfi() {
        String xml = """
                <FIXML v="FIX.5.0SP2"><PosRpt RptID="541386431" BizDt="2003-09-10" Acct="1" AcctTyp="1" Ccy="USD">
                  <Pty ID="OCC" R="21"/><Pty ID="5493007MERIDIANFUT65" R="4"/>
                  <Instrmt Sym="AOL" ID="KW" Src="J" CFI="OCASPS" MMY="20031122" MatDt="2003-11-22" StrkPx="47.50"
                           StrkCcy="USD" Mult="100"/>
                  <Qty Typ="SOD" Long="35" Short="0"/><Qty Typ="FIN" Long="20" Short="10"/><Qty Typ="IAS" Long="10"/>
                </PosRpt></FIXML>""";
        SourcePosition p = positions(parse(parser, "cfi.xml", xml)).get(0);
        assertThat(p.account()).as("no Pty R=38: Account(1)").isEqualTo("1");
        assertThat(p.attributes()).containsEntry(Attr.SECURITY_TYPE, "OPT").containsEntry(Attr.PUT_CALL, "CALL")
                .containsEntry(Attr.STRIKE, "47.50").containsEntry(Attr.CONTRACT_CODE, "AOL");
        assertThat(p.quantities().get("IAS")).containsExactly(new BigDecimal("10"), BigDecimal.ZERO);
        assertThat(PosRptParser.securityType("FFICSX")).isEqualTo("FUT");
        assertThat(PosRptParser.securityType("OPAFPS")).isEqualTo("OOF");
        assertThat(PosRptParser.securityType("ESVUFR")).isEqualTo("CS");
        assertThat(PosRptParser.securityType("DBFTFB")).isNull();
    }

    @Test
    void preFiveFixmlIsRefusedWholeSayingSo() {
        String v44 = """
                <FIXML v="4.4" r="20030618" s="20040109"><PosRpt RptID="1" BizDt="2026-11-20" AcctTyp="1">
                  <Pty ID="5493007MERIDIANFUT65" R="4"/><Pty ID="A-1" R="38"/>
                  <Instrmt Sym="ZN" SecTyp="FUT" MMY="202703"/><Qty Typ="FIN" Long="4" Short="1"/></PosRpt></FIXML>""";
        RecordFailure f = (RecordFailure) parse(parser, "v44.xml", v44).get(0);
        assertThat(f.record()).isZero();
        assertThat(f.code()).isEqualTo(ReasonCode.MALFORMED_FILE);
        assertThat(f.message()).contains("FIXML version 4.4").contains("pre-5.0");

        String roles = """
                <FIXML><PosRpt RptID="1" BizDt="2026-11-20" AcctTyp="1">
                  <Pty ID="5493007MERIDIANFUT65" Role="4"/><Pty ID="A-1" Role="38"/>
                  <Instrmt Sym="ZN" SecTyp="FUT" MMY="202703"/><Qty Typ="FIN" Long="4" Short="1"/></PosRpt></FIXML>""";
        List<FeedItem> items = parse(parser, "roles.xml", roles);
        assertThat(items).singleElement().extracting(i -> ((RecordFailure) i).message()).asString()
                .contains("Pty/@Role").contains("pre-5.0");

        String envelope = "<FIXML><FIXMLMessage><ApplicationMessage><PositionReport/></ApplicationMessage>"
                + "</FIXMLMessage></FIXML>";
        assertThat(((RecordFailure) parse(parser, "env.xml", envelope).get(0)).message()).contains("FIXML 4.1-4.3");
    }

    @Test
    void aFileWithNoPositionReportIsRejectedNamingWhatItHolds() {
        String xml = """
                <FIXML v="FIX.5.0SP2"><Batch><TrdCaptRpt RptID="1" TrdDt="2026-11-20" LastQty="5" LastPx="101">
                  <Instrmt Sym="ZN"/></TrdCaptRpt></Batch></FIXML>""";
        List<FeedItem> items = parse(parser, "trades.xml", xml);
        RecordFailure f = (RecordFailure) items.get(0);
        assertThat(items).hasSize(1);
        assertThat(f.record()).isZero();
        assertThat(f.code()).isEqualTo(ReasonCode.NOT_A_POSITION);
        assertThat(f.message()).contains("no PosRpt").contains("TrdCaptRpt");
    }
}
