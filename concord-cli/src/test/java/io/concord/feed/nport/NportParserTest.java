package io.concord.feed.nport;

import io.concord.feed.FeedItem;
import io.concord.feed.ParserTestSupport;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourcePosition;
import io.concord.TestMappings;
import io.concord.mapping.Normalizer;
import io.concord.model.ReasonCode;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class NportParserTest {

    private static final Path REAL = Path.of("concord-cli/src/test/resources/nport");
    private static final Path LARGE = REAL.resolve("nport-sample-7-large-filing.xml");
    private final NportParser parser = new NportParser();

    private static SourcePosition holding(List<FeedItem> items, String otherId) {
        return ParserTestSupport.positions(items).stream()
                .filter(p -> otherId.equals(p.attributes().get("riskId"))).findFirst().orElseThrow();
    }

    @Test
    void largeFilingHasEveryHoldingAndEveryDerivativeCategory() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, LARGE);

        // 1,685 invstOrSec elements; derivCat occurrences, nested ones included: 644 FWD, 118 SWP, 90 OPT, 42 SWO,
        // 12 FUT (issue #4's acceptance counts, also what `grep -o 'derivCat="FWD"'` etc. count in the file).
        assertThat(items).hasSize(1685);
        assertThat(ParserTestSupport.failures(items)).isEmpty();
        Map<String, Integer> derivCats = new TreeMap<>();
        for (SourcePosition p : ParserTestSupport.positions(items)) {
            for (String key : List.of("term.derivCat", "term.underlyingDerivCat")) {
                String cat = p.attributes().get(key);
                if (cat != null) {
                    derivCats.merge(cat, 1, Integer::sum);
                }
            }
        }
        assertThat(derivCats).containsExactlyInAnyOrderEntriesOf(
                Map.of("FWD", 644, "SWP", 118, "OPT", 90, "SWO", 42, "FUT", 12));
    }

    @Test
    void largeFilingHoldingsAreNormalizedOrUnmappedForAStatedReason() throws Exception {
        Normalizer normalizer = new Normalizer(TestMappings.SHIPPED);
        List<String> unmapped = new java.util.ArrayList<>();
        int normalized = 0;
        for (SourcePosition p : ParserTestSupport.positions(ParserTestSupport.parse(parser, LARGE))) {
            Normalizer.Result r = normalizer.normalize(p);
            if (r.position() != null) {
                normalized++;
            } else {
                assertThat(r.failure().code()).isEqualTo(ReasonCode.UNMAPPED_PRODUCT);
                unmapped.add(p.attributes().get("indexName"));
            }
        }
        // every holding maps: the rate futures filers name by Bloomberg ticker and index name (Euro-Bund, -Schatz,
        // -Bobl, -Buxl, Long Gilt, 30-day Fed funds)
        assertThat(unmapped).isEmpty();
        assertThat(normalized).isEqualTo(1685);
    }

    @Test
    void theBondFundsEuroBoblIsTheEurexFutureItsTickerTitleAndCurrencySay() throws Exception {
        // the filer's index name for OEM3 Comdty is "CME 1 Year Mid-Curve 3 Month Eurodollar Option"; but OE is
        // Bloomberg's Euro-Bobl root (mid-curve Eurodollar options are 0E-5E, with digits), the holding is titled
        // EURO-BOBL FUTURE JUN23, is in EUR and is a future (derivCat FUT): it is margined as the Euro-Bobl
        SourcePosition bobl = ParserTestSupport.positions(ParserTestSupport.parse(parser, LARGE)).stream()
                .filter(p -> "EURO-BOBL FUTURE JUN23".equals(p.attributes().get("title"))).findFirst().orElseThrow();
        assertThat(bobl.attributes()).containsEntry("underlying", "OEM3 Comdty").containsEntry("currency", "EUR");
        Normalizer.Result r = new Normalizer(TestMappings.SHIPPED).normalize(bobl);
        assertThat(r.position()).as(String.valueOf(r.failure())).isNotNull();
        assertThat(r.position().lineage().mappingId()).isEqualTo("nport-euro-bobl-future");
        assertThat(r.position().product().marginKey()).isEqualTo("EUREX:FGBM");
        assertThat(r.position().shortQty()).isEqualByComparingTo("31");
    }

    @Test
    void aFutureNamedByItsProductIsinMapsAndCarriesItsTitle(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        // the fund's Euro-Bund future as another filer names it: indexIdentifier = the contract's product ISIN
        // (Eurex: "Product ISIN DE0009652644") instead of the Bloomberg ticker RXM3 Comdty
        String doc = Files.readString(LARGE).replace("RXM3 Comdty", "DE0009652644");
        SourcePosition bund = ParserTestSupport.positions(ParserTestSupport.parse(parser, doc, tmp, "bund-isin.xml"))
                .stream().filter(p -> "DE0009652644".equals(p.attributes().get("underlying"))).findFirst()
                .orElseThrow();
        assertThat(bund.attributes()).containsEntry("title", "EURO-BUND FUTURE JUN23");
        Normalizer.Result r = new Normalizer(TestMappings.SHIPPED).normalize(bund);
        assertThat(r.position()).as(String.valueOf(r.failure())).isNotNull();
        assertThat(r.position().product().marginKey()).isEqualTo("EUREX:FGBL");
        assertThat(r.position().product().multiplier()).isEqualByComparingTo("1000");
        assertThat(r.position().lineage().mappingId()).isEqualTo("nport-euro-bund-future-by-isin");
    }

    @Test
    void fundIsTheFirmSeriesTheAccountAndDirectionComesFromTheDerivative() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, LARGE);
        SourcePosition swaption = holding(items, "OPS05367A");
        // Goldman Sachs Bond Fund, series S000013795, series LEI K5ZYN8ZUQE8S5OUPBU26 (genInfo of the filing)
        assertThat(swaption.firmLei()).isEqualTo("K5ZYN8ZUQE8S5OUPBU26");
        assertThat(swaption.account()).isEqualTo("S000013795");
        assertThat(swaption.segregationClass()).isEqualTo(SegregationClass.SEC_40_ACT_CUSTODY);
        assertThat(swaption.asOf()).hasToString("2023-03-31");
        // <writtenOrPur>Written</writtenOrPur>, balance -1560000, EUR, strike 1.945, nested swap
        assertThat(swaption.shortQty()).isEqualByComparingTo("1560000");
        assertThat(swaption.longQty()).isZero();
        assertThat(swaption.attributes()).containsEntry("term.derivCat", "SWO")
                .containsEntry("term.underlyingDerivCat", "SWP").containsEntry("putCall", "CALL")
                .containsEntry("strike", "1.94500000").containsEntry("currency", "EUR")
                .containsEntry("expiry", "2023-10-27").doesNotContainKey("cusip");
        assertThat(swaption.marketValue()).isEqualByComparingTo("-38107.22");

        // CDS on Peruvian bonds: receives the fixed premium ("sell protection"): long credit, notional 500,000
        SourcePosition cds = holding(items, "CS006227");
        assertThat(cds.longQty()).isEqualByComparingTo("500000");
        assertThat(cds.attributes()).containsEntry("reference", "INSTRUMENT").containsEntry("underlying", "US715638AP79");

        // US long bond future: <payOffProf>Long</payOffProf>, 77 contracts
        SourcePosition future = holding(items, "BBG019PMT1H1");
        assertThat(future.longQty()).isEqualByComparingTo("77");
        assertThat(future.attributes()).containsEntry("underlying", "USM3 Comdty").containsEntry("expiry", "2023-06-21");

        // FX forward, cusip 000000000 (absent): buys JPY 18,495,210, sells USD 138,811.25. Quoted in market
        // convention USD/JPY, the fund is short the base currency (USD); the schedule weighs the USD leg
        SourcePosition fwd = holding(items, "23CJKBB56P4");
        assertThat(fwd.shortQty()).isEqualByComparingTo("1");
        assertThat(fwd.longQty()).isZero();
        assertThat(fwd.attributes()).containsEntry("currencyPair", "USD/JPY").doesNotContainKey("cusip")
                .containsEntry("term.notional", "138811.25").containsEntry("term.notionalCurrency", "USD")
                .containsEntry("term.markToMarketCurrency", "USD");
        // the swaption's notional is that of the swap it references: EUR 1,560,000 at 0.922084 EUR per USD
        assertThat(swaption.attributes()).containsEntry("term.notional", "1691819.83")
                .containsEntry("term.notionalCurrency", "USD");
    }

    @Test
    void longAndShortHoldingsOfOneSecurityStayApartInTheBook() throws Exception {
        // the large filing holds UMBS TBA 01F060642 short 9,000,000 (line 12602) and long 2,000,000 (line 18011)
        Normalizer normalizer = new Normalizer(TestMappings.SHIPPED);
        io.concord.book.PositionBook book = new io.concord.book.PositionBook();
        int normalized = 0;
        for (SourcePosition p : ParserTestSupport.positions(ParserTestSupport.parse(parser, LARGE))) {
            Normalizer.Result r = normalizer.normalize(p);
            if (r.position() != null) {
                book.apply(r.position());
                normalized++;
            }
        }
        assertThat(book.size()).isEqualTo(normalized);
        assertThat(book.positions()).filteredOn(p -> "01F060642".equals(p.product().ids().cusip()))
                .extracting(p -> p.longQty().intValue(), p -> p.shortQty().intValue())
                .containsExactlyInAnyOrder(tuple(0, 9_000_000), tuple(2_000_000, 0));
    }

    @Test
    void leadingBlankLineIsSkippedAndStillCountedInLocations() throws Exception {
        Path dupree = REAL.resolve("nport-dupree.xml");
        List<FeedItem> items = ParserTestSupport.parse(parser, dupree);
        assertThat(items).hasSize(55).allMatch(SourcePosition.class::isInstance);
        int firstLine = Files.readAllLines(dupree).indexOf("      <invstOrSec>") + 1;
        assertThat(((SourcePosition) items.get(0)).lineage().location())
                .isEqualTo("/edgarSubmission/formData/invstOrSecs/invstOrSec[1] (line " + firstLine + "); fund"
                        + " seriesId S000012000, firm seriesLei");
        assertThat(((SourcePosition) items.get(0)).attributes()).containsEntry("term.issuerCat", "MUN")
                .containsEntry("maturityBucket", "5_10Y");
        Normalizer normalizer = new Normalizer(TestMappings.SHIPPED);
        assertThat(ParserTestSupport.positions(items)).allSatisfy(p -> assertThat(normalizer.normalize(p).position()
                .product().taxonomy()).isEqualTo("RATES/OTHER_DEBT/MUNI_BOND"));
    }

    @Test
    void secSamplesWithPlaceholderLeisRejectEachHoldingWithTheReason() throws Exception {
        // The SEC's sample documents carry seriesLei 1234567890 and 12345678901234567812: not valid LEIs.
        for (String sample : List.of("nport-sample-1.xml", "nport-sample-3-all-derivatives.xml")) {
            List<FeedItem> items = ParserTestSupport.parse(parser, REAL.resolve(sample));
            assertThat(items).singleElement().isInstanceOfSatisfying(RecordFailure.class, f -> {
                assertThat(f.code()).isEqualTo(ReasonCode.INVALID_LEI);
                assertThat(f.field()).isEqualTo("genInfo/seriesLei");
                assertThat(f.record()).isEqualTo(1);
                assertThat(f.location()).startsWith("/edgarSubmission/formData/invstOrSecs/invstOrSec[1]");
            });
        }
    }

    @Test
    void badHoldingsAreRejectedOneByOneWithTheirReason() throws Exception {
        List<FeedItem> items = ParserTestSupport.parse(parser, Path.of("fixtures/bad/nport-bad-holdings.xml"));
        assertThat(ParserTestSupport.failures(items))
                .extracting(RecordFailure::record, RecordFailure::code, RecordFailure::field)
                .containsExactly(tuple(1L, ReasonCode.INVALID_CUSIP, "cusip"),
                        tuple(2L, ReasonCode.MISSING_FIELD, "balance"),
                        tuple(3L, ReasonCode.INVALID_NUMBER, "balance"),
                        tuple(4L, ReasonCode.INVALID_VALUE, "writtenOrPur"),
                        tuple(5L, ReasonCode.MISSING_FIELD, "payOffProf"));
        assertThat(ParserTestSupport.positions(items)).singleElement()
                .satisfies(p -> assertThat(p.attributes()).containsEntry("cusip", "91282CLF6"));
    }

    @Test
    void otherNamespaceAndTruncatedDocumentsAreRefusedWhole() throws Exception {
        assertThat(ParserTestSupport.parse(parser, Path.of("fixtures/bad/nport-wrong-namespace.xml"))).singleElement()
                .isInstanceOfSatisfying(RecordFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ReasonCode.MALFORMED_FILE);
                    assertThat(f.message()).contains("{http://www.sec.gov/edgar/nmfp}edgarSubmission");
                });
        Path truncated = Files.createTempFile("nport-truncated", ".xml");
        String full = Files.readString(Path.of("fixtures/sec/nport-larkspur-equity-income-2026-10-31.xml"));
        Files.writeString(truncated, full.substring(0, full.indexOf("<title>Microsoft")));
        List<FeedItem> items = ParserTestSupport.parse(parser, truncated);
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).isInstanceOf(SourcePosition.class);
        assertThat(items.get(1)).isInstanceOfSatisfying(RecordFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ReasonCode.MALFORMED_FILE);
            assertThat(f.record()).isZero();
        });
        Files.delete(truncated);
    }

    @Test
    void fixturesMapCompletelyAndShortHoldingsAreShort() throws Exception {
        Normalizer normalizer = new Normalizer(TestMappings.SHIPPED);
        try (Stream<Path> files = Files.list(Path.of("fixtures/sec"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("nport-")).toList()) {
                for (FeedItem item : ParserTestSupport.parse(parser, f)) {
                    assertThat(item).isInstanceOf(SourcePosition.class);
                    assertThat(normalizer.normalize((SourcePosition) item).failure()).isNull();
                }
            }
        }
        List<FeedItem> bond = ParserTestSupport.parse(parser,
                Path.of("fixtures/sec/nport-meridian-total-return-bond-2026-10-31.xml"));
        // buys CDX protection: pays the fixed premium, receives the "other" leg: short credit
        assertThat(holding(bond, "CDX-MER-IG47").shortQty()).isEqualByComparingTo(new BigDecimal("7500000"));
        assertThat(holding(bond, "TYZ6").shortQty()).isEqualByComparingTo("60");
        assertThat(holding(bond, "IRS-MER-0412").longQty()).isEqualByComparingTo("10000000");
    }

    @Test
    void sniffClaimsNportOnly() throws Exception {
        assertThat(parser.sniff(Files.readString(LARGE).substring(0, 8192))).isTrue();
        assertThat(parser.sniff(Files.readString(Path.of("fixtures/cftc/posrpt-hudson-2026-11-20.xml")))).isFalse();
    }

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    private static String filing(String... holdings) {
        return """
                <edgarSubmission xmlns="http://www.sec.gov/edgar/nport"><formData><genInfo>
                <regLei>549300LARKSPURTRS079</regLei><seriesId>S000071234</seriesId>
                <seriesLei>N/A</seriesLei><repPdDate>2026-10-31</repPdDate></genInfo><invstOrSecs>
                """ + String.join("\n", holdings) + "</invstOrSecs></formData></edgarSubmission>";
    }

    private static String holding(String assetCat, String derivative) {
        return "<invstOrSec><name>X</name><cusip>N/A</cusip><identifiers><ticker value=\"N/A\"/>"
                + "<other otherDesc=\"Internal\" value=\"ID-" + assetCat + "\"/></identifiers>"
                + "<balance>-250000</balance><units>OU</units><curCd>USD</curCd><valUSD>1200</valUSD>"
                + "<payoffProfile>N/A</payoffProfile><assetCat>" + assetCat + "</assetCat>"
                + "<issuerConditional desc=\"derivative\" issuerCat=\"OTHER\"/>"
                + "<derivativeInfo>" + derivative + "</derivativeInfo></invstOrSec>";
    }

    @Test
    void edgeCasesOfDirectionAndIdentifiers() throws Exception {
        String equitySwap = holding("DE", "<swapDeriv derivCat=\"SWP\"><descRefInstrmnt><otherRefInst>"
                + "<issuerName>NVIDIA</issuerName><identifiers><ticker value=\"NVDA\"/></identifiers></otherRefInst>"
                + "</descRefInstrmnt><otherRecDesc fixedOrFloating=\"Other\">total return</otherRecDesc>"
                + "<floatingPmntDesc curCd=\"USD\" fixedOrFloating=\"Floating\"/></swapDeriv>");
        String fxSwap = holding("DFE", "<swapDeriv derivCat=\"SWP\"><amtCurSold>1</amtCurSold><curSold>USD</curSold>"
                + "<amtCurPur>1</amtCurPur><curPur>EUR</curPur><fixedRecDesc curCd=\"EUR\" fixedOrFloating=\"Fixed\"/>"
                + "<floatingPmntDesc curCd=\"USD\" fixedOrFloating=\"Floating\"/></swapDeriv>");
        String basis = holding("DIR", "<swapDeriv derivCat=\"SWP\"><floatingRecDesc curCd=\"USD\"/>"
                + "<floatingPmntDesc curCd=\"USD\"/></swapDeriv>");
        String other = holding("DO", "<othDeriv derivCat=\"OTH\"><othDesc>variance swap</othDesc></othDeriv>");
        String two = holding("DIR", "<futrDeriv derivCat=\"FUT\"><payOffProf>Long</payOffProf></futrDeriv>"
                + "<fwdDeriv derivCat=\"FWD\"><payOffProf>Long</payOffProf></fwdDeriv>");
        List<FeedItem> items = ParserTestSupport.parse(parser, filing(equitySwap, fxSwap, basis, other, two), tmp,
                "edge.xml");

        List<SourcePosition> ps = ParserTestSupport.positions(items);
        // no series LEI (N/A): the registrant's LEI identifies the fund
        assertThat(ps).allMatch(p -> p.firmLei().equals("549300LARKSPURTRS079"));
        // receives the total return: long; the N/A ticker is absent, so the other identifier names it
        assertThat(ps.get(0).longQty()).isEqualByComparingTo("250000");
        assertThat(ps.get(0).attributes()).containsEntry("underlying", "NVDA").containsEntry("riskId", "ID-DE")
                .doesNotContainKeys("symbol", "cusip");
        assertThat(ps.get(1).attributes()).containsEntry("currencyPair", "EUR/USD");
        assertThat(ps.get(1).longQty()).isEqualByComparingTo("250000");
        // OTH has no direction element: the sign of the balance
        assertThat(ps.get(2).shortQty()).isEqualByComparingTo("250000");
        assertThat(ParserTestSupport.failures(items)).extracting(RecordFailure::record, RecordFailure::field)
                .containsExactly(tuple(3L, "swapDeriv"), tuple(5L, "derivativeInfo"));
        Normalizer normalizer = new Normalizer(TestMappings.SHIPPED);
        assertThat(normalizer.normalize(ps.get(0)).position().product().taxonomy()).isEqualTo("EQUITY/SINGLE_STOCK/SBS");
        assertThat(normalizer.normalize(ps.get(1)).position().product().taxonomy()).isEqualTo("FX/G10/SWAP");
    }

    @Test
    void aFundWithoutASeriesIsKnownByItsRegistrantsCikAndSaysSoInLineage() {
        // a closed-end fund (Form N-2) files N-PORT without genInfo/seriesId, and often with seriesLei N/A
        String xml = """
                <edgarSubmission xmlns="http://www.sec.gov/edgar/nport"><formData><genInfo>
                <regName>Example Closed-End Fund</regName><regFileNumber>811-23456</regFileNumber>
                <regCik>0001234567</regCik><regLei>549300LARKSPURTRS079</regLei><seriesLei>N/A</seriesLei>
                <repPdDate>2026-10-31</repPdDate></genInfo><invstOrSecs><invstOrSec><name>Apple Inc</name>
                <cusip>037833100</cusip><balance>100</balance><units>NS</units><curCd>USD</curCd>
                <valUSD>23000</valUSD><payoffProfile>Long</payoffProfile><assetCat>EC</assetCat>
                <issuerCat>CORP</issuerCat></invstOrSec></invstOrSecs></formData></edgarSubmission>""";
        SourcePosition p = ParserTestSupport.positions(ParserTestSupport.parse(parser, "cef.xml", xml)).get(0);
        assertThat(p.account()).isEqualTo("CIK:0001234567");
        assertThat(p.firmLei()).isEqualTo("549300LARKSPURTRS079");
        assertThat(p.lineage().location()).endsWith("; fund regCik 0001234567 (no seriesId), firm regLei (seriesLei N/A)");

        String byFileNumber = xml.replace("<regCik>0001234567</regCik>", "");
        SourcePosition q = ParserTestSupport.positions(ParserTestSupport.parse(parser, "uit.xml", byFileNumber)).get(0);
        assertThat(q.account()).isEqualTo("FILE:811-23456");

        String none = byFileNumber.replace("<regFileNumber>811-23456</regFileNumber>", "");
        RecordFailure f = ParserTestSupport.failures(ParserTestSupport.parse(parser, "none.xml", none)).get(0);
        assertThat(f.code()).isEqualTo(ReasonCode.MISSING_FIELD);
        assertThat(f.field()).isEqualTo("genInfo/seriesId");
        assertThat(f.message()).contains("no seriesId, regCik or regFileNumber");
    }

    /**
     * The genInfo and two holdings of a real filing, verbatim: Global X DAX Germany ETF (Global X Funds, series
     * S000063351), NPORT-P for 2024-01-31 as published on EDGAR (public copy: github.com/githubgir/SEC,
     * primary_doc.xml). The ETF holds its index's stocks and a Mini-DAX future, named by its Eurex code in
     * identifiers/ticker, its Bloomberg ticker under identifiers/other and "Mini-DAX Futures Mar 2024" as index.
     */
    private static final String GLOBAL_X_DAX = """
            <?xml version="1.0" encoding="UTF-8"?><edgarSubmission xmlns="http://www.sec.gov/edgar/nport" xmlns:com="http://www.sec.gov/edgar/common" xmlns:ncom="http://www.sec.gov/edgar/nportcommon" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.sec.gov/edgar/nport eis_NPORT_Filer.xsd">
              <formData>
                <genInfo>
                  <regName>GLOBAL X FUNDS</regName>
                  <regFileNumber>811-22209</regFileNumber>
                  <regCik>0001432353</regCik>
                  <regLei>5493003RA4QUTSYF1N15</regLei>
                  <seriesName>Global X DAX Germany ETF</seriesName>
                  <seriesId>S000063351</seriesId>
                  <seriesLei>5493002JRXZHUG2RI979</seriesLei>
                  <repPdEnd>2024-10-31</repPdEnd>
                  <repPdDate>2024-01-31</repPdDate>
                  <isFinalFiling>N</isFinalFiling>
                </genInfo>
                <invstOrSecs>
                  <invstOrSec>
                    <name>SAP SE</name>
                    <lei>529900D6BF99LW9R2E68</lei>
                    <title>SAP SE COMMON STOCK</title>
                    <cusip>N/A</cusip>
                    <identifiers>
                      <isin value="DE0007164600"/>
                    </identifiers>
                    <balance>33749.00000000</balance>
                    <units>NS</units>
                    <currencyConditional curCd="EUR" exchangeRt="0.92060000"/>
                    <valUSD>5894893.76000000</valUSD>
                    <pctVal>10.67730964620</pctVal>
                    <payoffProfile>Long</payoffProfile>
                    <assetCat>EC</assetCat>
                    <issuerConditional desc="N/A" issuerCat="OTHER"/>
                    <invCountry>DE</invCountry>
                    <isRestrictedSec>N</isRestrictedSec>
                    <fairValLevel>1</fairValLevel>
                    <securityLending>
                      <isCashCollateral>N</isCashCollateral>
                      <isNonCashCollateral>N</isNonCashCollateral>
                      <isLoanByFund>N</isLoanByFund>
                    </securityLending>
                  </invstOrSec>
                  <invstOrSec>
                    <name>N/A</name>
                    <lei>N/A</lei>
                    <title>DAX MINI FUTURE   MAR24 PHYSICAL INDEX FUTURE.</title>
                    <cusip>N/A</cusip>
                    <identifiers>
                      <ticker value="FDXMH4"/>
                      <other otherDesc="Bloomberg Ticker" value="DFWH4"/>
                    </identifiers>
                    <balance>4.00000000</balance>
                    <units>NC</units>
                    <currencyConditional curCd="EUR" exchangeRt="0.92060000"/>
                    <valUSD>369172.28000000</valUSD>
                    <pctVal>0.668674772920</pctVal>
                    <payoffProfile>N/A</payoffProfile>
                    <assetCat>DE</assetCat>
                    <issuerConditional desc="N/A" issuerCat="OTHER"/>
                    <invCountry>DE</invCountry>
                    <isRestrictedSec>N</isRestrictedSec>
                    <fairValLevel>1</fairValLevel>
                    <derivativeInfo>
                      <futrDeriv derivCat="FUT">
                        <counterparties>
                          <counterpartyName>MACQUARIE CAPITAL</counterpartyName>
                          <counterpartyLei>N/A</counterpartyLei>
                        </counterparties>
                        <payOffProf>Long</payOffProf>
                        <descRefInstrmnt>
                          <indexBasketInfo>
                            <indexName>Mini-DAX Futures Mar 2024</indexName>
                            <indexIdentifier>N/A</indexIdentifier>
                            <narrativeDesc>N/A</narrativeDesc>
                          </indexBasketInfo>
                        </descRefInstrmnt>
                        <expDate>2024-03-18</expDate>
                        <notionalAmt>366252.46000000</notionalAmt>
                        <curCd>EUR</curCd>
                        <unrealizedAppr>2919.82000000</unrealizedAppr>
                      </futrDeriv>
                    </derivativeInfo>
                    <securityLending>
                      <isCashCollateral>N</isCashCollateral>
                      <isNonCashCollateral>N</isNonCashCollateral>
                      <isLoanByFund>N</isLoanByFund>
                    </securityLending>
                  </invstOrSec>
                </invstOrSecs>
                <signature>
                  <ncom:dateSigned>2024-01-31</ncom:dateSigned>
                  <ncom:nameOfApplicant>GLOBAL X FUNDS</ncom:nameOfApplicant>
                  <ncom:signature>Luis Berruga</ncom:signature>
                  <ncom:signerName>Luis Berruga</ncom:signerName>
                  <ncom:title>President</ncom:title>
                </signature>
              </formData>
              <documents>XXXX</documents>
            </edgarSubmission>
            """;

    private static Normalizer.Result future(String doc) {
        List<FeedItem> items = ParserTestSupport.parse(new NportParser(), "globalx.xml", doc);
        assertThat(ParserTestSupport.failures(items)).isEmpty();
        List<SourcePosition> ps = ParserTestSupport.positions(items);
        assertThat(ps).hasSize(2);
        return new Normalizer(TestMappings.SHIPPED).normalize(ps.get(1));
    }

    @Test
    void anEquityEtfsForeignStockWhoseIssuerIsClassedOtherIsAStock() {
        List<SourcePosition> ps = ParserTestSupport.positions(ParserTestSupport.parse(new NportParser(),
                "globalx.xml", GLOBAL_X_DAX));
        Normalizer.Result sap = new Normalizer(TestMappings.SHIPPED).normalize(ps.get(0));
        assertThat(sap.position()).as(String.valueOf(sap.failure())).isNotNull();
        assertThat(sap.position().lineage().mappingId()).isEqualTo("nport-equity-other-issuer");
        assertThat(sap.position().product().taxonomy()).isEqualTo("EQUITY/SINGLE_STOCK/CASH");
        assertThat(sap.position().product().riskFactor()).isEqualTo("EQ:DE0007164600");
        assertThat(sap.position().longQty()).isEqualByComparingTo("33749");
    }

    @Test
    void anEquityEtfsMiniDaxFutureMapsHoweverTheFilerNamesIt() {
        Normalizer.Result r = future(GLOBAL_X_DAX);
        assertThat(r.position()).as(String.valueOf(r.failure())).isNotNull();
        assertThat(r.position().lineage().mappingId()).isEqualTo("nport-mini-dax-future");
        assertThat(r.position().product().marginKey()).isEqualTo("EUREX:FDXM");
        assertThat(r.position().product().multiplier()).isEqualByComparingTo("5");
        assertThat(r.position().product().riskFactor()).isEqualTo("EQ:DAX");
        assertThat(r.position().longQty()).isEqualByComparingTo("4");

        // no reference instrument: the Eurex code under identifiers/ticker names it
        String noRef = GLOBAL_X_DAX.replaceAll("(?s)<descRefInstrmnt>.*</descRefInstrmnt>", "");
        assertThat(future(noRef).position().lineage().mappingId()).isEqualTo("nport-mini-dax-future-by-ticker");
        // only the Bloomberg ticker, under identifiers/other
        String bbg = noRef.replace("<ticker value=\"FDXMH4\"/>", "");
        assertThat(future(bbg).position().lineage().mappingId()).isEqualTo("nport-mini-dax-future-by-ticker");
        // the index only (its ISIN): the title tells the Mini-DAX (EUR 5) from the DAX future (EUR 25)
        String byIndex = GLOBAL_X_DAX.replace("<indexName>Mini-DAX Futures Mar 2024</indexName>",
                "<indexName>DAX Index</indexName>").replace("<indexIdentifier>N/A</indexIdentifier>",
                "<indexIdentifier>DE0008469008</indexIdentifier>");
        Normalizer.Result mini = future(byIndex);
        assertThat(mini.position().lineage().mappingId()).isEqualTo("nport-mini-dax-future-by-index");
        assertThat(mini.position().product().multiplier()).isEqualByComparingTo("5");
        Normalizer.Result full = future(byIndex.replace("DAX MINI FUTURE   MAR24", "DAX INDEX FUTURE MAR24"));
        assertThat(full.position().lineage().mappingId()).isEqualTo("nport-dax-future-by-index");
        assertThat(full.position().product().multiplier()).isEqualByComparingTo("25");
        assertThat(full.position().product().marginKey()).isEqualTo("EUREX:FDAX");
        // a contract the definitions cannot size (a Micro-DAX named only by the index) is not guessed
        Normalizer.Result micro = future(byIndex.replace("DAX MINI FUTURE   MAR24", "MICRO-DAX FUTURE MAR24"));
        assertThat(micro.position()).isNull();
        assertThat(micro.failure().code()).isEqualTo(ReasonCode.UNMAPPED_PRODUCT);
        // the EURO STOXX 50 future as filers name it
        String sx5e = GLOBAL_X_DAX.replace("Mini-DAX Futures Mar 2024", "EURO STOXX 50 Index Futures Mar 2024");
        Normalizer.Result stoxx = future(sx5e);
        assertThat(stoxx.position().lineage().mappingId()).isEqualTo("nport-euro-stoxx50-future");
        assertThat(stoxx.position().product().multiplier()).isEqualByComparingTo("10");
    }

    @Test
    void indexOptionsAnEquityFundWritesMapToTheIndexAsFilersNameIt() {
        // a covered-call fund's written Nasdaq-100 calls, and protective S&P 500 puts named by the index ISIN
        String ndxCall = holding("DE", "<optionSwaptionWarrantDeriv derivCat=\"OPT\"><counterparties>"
                + "<counterpartyName>OCC</counterpartyName><counterpartyLei>N/A</counterpartyLei></counterparties>"
                + "<putOrCall>Call</putOrCall><writtenOrPur>Written</writtenOrPur><descRefInstrmnt><indexBasketInfo>"
                + "<indexName>NASDAQ 100 STOCK INDEX</indexName><indexIdentifier>NDX</indexIdentifier>"
                + "</indexBasketInfo></descRefInstrmnt><shareNo>100</shareNo><exercisePrice>17500.00000000"
                + "</exercisePrice><exercisePriceCurCd>USD</exercisePriceCurCd><expDt>2024-02-16</expDt>"
                + "<delta>-0.45</delta><unrealizedAppr>-1000</unrealizedAppr></optionSwaptionWarrantDeriv>");
        String spxPut = ndxCall.replace("<putOrCall>Call</putOrCall><writtenOrPur>Written</writtenOrPur>",
                "<putOrCall>Put</putOrCall><writtenOrPur>Purchased</writtenOrPur>")
                .replace("<indexName>NASDAQ 100 STOCK INDEX</indexName><indexIdentifier>NDX</indexIdentifier>",
                        "<indexName>S&amp;P 500 Index</indexName><indexIdentifier>US78378X1072</indexIdentifier>")
                .replace("ID-DE", "ID-DE-2");
        // the Mini-SPX (one tenth of the index) is not the SPX: left unmapped rather than sized by guess
        String xsp = spxPut.replace("<indexName>S&amp;P 500 Index</indexName><indexIdentifier>US78378X1072"
                + "</indexIdentifier>", "<indexName>Mini-SPX Index</indexName><indexIdentifier>XSP"
                + "</indexIdentifier>").replace("ID-DE-2", "ID-DE-3");
        List<FeedItem> items = ParserTestSupport.parse(parser, "options.xml", filing(ndxCall, spxPut, xsp));
        assertThat(ParserTestSupport.failures(items)).isEmpty();
        List<SourcePosition> ps = ParserTestSupport.positions(items);
        Normalizer normalizer = new Normalizer(TestMappings.SHIPPED);
        Normalizer.Result ndx = normalizer.normalize(ps.get(0));
        assertThat(ndx.position()).as(String.valueOf(ndx.failure())).isNotNull();
        assertThat(ndx.position().lineage().mappingId()).isEqualTo("nport-ndx-index-option");
        assertThat(ndx.position().product().riskFactor()).isEqualTo("EQ:NDX");
        assertThat(ndx.position().product().strike()).isEqualByComparingTo("17500");
        assertThat(ndx.position().product().putCall()).isEqualTo(io.concord.model.PutCall.CALL);
        assertThat(ndx.position().netQty()).isNegative();
        Normalizer.Result spx = normalizer.normalize(ps.get(1));
        assertThat(spx.position().lineage().mappingId()).isEqualTo("nport-spx-index-option");
        assertThat(spx.position().product().putCall()).isEqualTo(io.concord.model.PutCall.PUT);
        assertThat(spx.position().netQty()).isPositive();
        Normalizer.Result mini = normalizer.normalize(ps.get(2));
        assertThat(mini.position()).isNull();
        assertThat(mini.failure().code()).isEqualTo(ReasonCode.UNMAPPED_PRODUCT);
    }

    @Test
    void aWholeEdgarSubmissionIsReadAsTheXmlDocumentItHolds() throws Exception {
        // EDGAR serves an accession as one .txt: the SGML envelope and header, then each document; the form's XML
        // sits between <XML> and </XML> (the envelope here is written after EDGAR's layout around the real filing)
        String xml = Files.readString(REAL.resolve("nport-dupree.xml")).strip();
        String envelope = """
                <SEC-DOCUMENT>0001145549-23-011111.txt : 20230228
                <SEC-HEADER>0001145549-23-011111.hdr.sgml : 20230228
                <ACCEPTANCE-DATETIME>20230228103015
                ACCESSION NUMBER:\t\t0001145549-23-011111
                CONFORMED SUBMISSION TYPE:\tNPORT-P
                PUBLIC DOCUMENT COUNT:\t\t1
                CONFORMED PERIOD OF REPORT:\t20221231
                FILED AS OF DATE:\t\t20230228
                </SEC-HEADER>
                <DOCUMENT>
                <TYPE>NPORT-P
                <SEQUENCE>1
                <FILENAME>primary_doc.xml
                <TEXT>
                <XML>
                """ + xml + """

                </XML>
                </TEXT>
                </DOCUMENT>
                </SEC-DOCUMENT>
                """;
        List<FeedItem> direct = ParserTestSupport.parse(parser, "primary_doc.xml", xml);
        List<FeedItem> wrapped = ParserTestSupport.parse(parser, "0001145549-23-011111.txt", envelope);
        assertThat(ParserTestSupport.failures(wrapped)).isEmpty();
        assertThat(ParserTestSupport.positions(wrapped)).hasSize(55);
        // the same holdings, their locations 15 lines further down (the envelope lines before the document)
        SourcePosition a = ParserTestSupport.positions(direct).get(0);
        SourcePosition b = ParserTestSupport.positions(wrapped).get(0);
        assertThat(b.attributes()).isEqualTo(a.attributes());
        int lineA = Integer.parseInt(a.lineage().location().replaceAll(".*\\(line (\\d+)\\).*", "$1"));
        int lineB = Integer.parseInt(b.lineage().location().replaceAll(".*\\(line (\\d+)\\).*", "$1"));
        assertThat(lineB - lineA).isEqualTo(15);
        assertThat(envelope.lines().toList().get(lineB - 1)).contains("<invstOrSec>");
        // detection sees the N-PORT inside the envelope
        assertThat(new NportParser().sniff(envelope)).isTrue();
        // an envelope without an XML document (an HTML-only submission) is refused saying so
        String htmlOnly = envelope.substring(0, envelope.indexOf("<XML>")) + "<html></html>\n</TEXT>\n";
        List<RecordFailure> f = ParserTestSupport.failures(ParserTestSupport.parse(parser, "x.txt", htmlOnly));
        assertThat(f).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(ReasonCode.MALFORMED_FILE);
            assertThat(r.message()).contains("EDGAR submission envelope", "no <XML> document");
        });
    }

    @Test
    void aLeveragedFundsIndexTotalReturnSwapIsASwapOnItsIndex() {
        // a leveraged ETF receives the S&P 500's total return from a dealer and pays SOFR plus a spread
        String trs = holding("DE", "<swapDeriv derivCat=\"SWP\"><counterparties><counterpartyName>Goldman Sachs "
                + "International</counterpartyName><counterpartyLei>W22LROWP2IHZNBB6K528</counterpartyLei>"
                + "</counterparties><descRefInstrmnt><indexBasketInfo><indexName>S&amp;P 500\u00ae Index"
                + "</indexName><indexIdentifier>N/A</indexIdentifier><narrativeDesc>N/A</narrativeDesc>"
                + "</indexBasketInfo></descRefInstrmnt><swapFlag>N</swapFlag><otherRecDesc fixedOrFloating=\"Other\">"
                + "total return of the index</otherRecDesc><floatingPmntDesc curCd=\"USD\" fixedOrFloating=\"Floating\"/>"
                + "<terminationDt>2024-11-06</terminationDt><notionalAmt>25000000.00</notionalAmt><curCd>USD</curCd>"
                + "<unrealizedAppr>120000</unrealizedAppr></swapDeriv>");
        // the same swap on an index no definition names (narrow or broad is not guessed)
        String other = trs.replace("S&amp;P 500\u00ae Index", "Solactive Select Semiconductor Index")
                .replace("ID-DE", "ID-DE-2");
        List<SourcePosition> ps = ParserTestSupport.positions(ParserTestSupport.parse(parser, "trs.xml",
                filing(trs, other)));
        Normalizer normalizer = new Normalizer(TestMappings.SHIPPED);
        Normalizer.Result spx = normalizer.normalize(ps.get(0));
        assertThat(spx.position()).as(String.valueOf(spx.failure())).isNotNull();
        assertThat(spx.position().lineage().mappingId()).isEqualTo("nport-sp500-index-swap");
        assertThat(spx.position().product().taxonomy()).isEqualTo("EQUITY/INDEX_HIGH_CAP/SWAP");
        assertThat(spx.position().netQty()).isPositive();
        assertThat(normalizer.normalize(ps.get(1)).failure().code()).isEqualTo(ReasonCode.UNMAPPED_PRODUCT);
    }

    @Test
    void aWarrantOnAStockIsASecurityTheFundOwns() {
        String warrant = holding("DE", "<optionSwaptionWarrantDeriv derivCat=\"WAR\"><counterparties>"
                + "<counterpartyName>N/A</counterpartyName><counterpartyLei>N/A</counterpartyLei></counterparties>"
                + "<putOrCall>Call</putOrCall><writtenOrPur>Purchased</writtenOrPur><descRefInstrmnt><otherRefInst>"
                + "<issuerName>Occidental Petroleum Corp</issuerName><issueTitle>Common Stock</issueTitle>"
                + "<identifiers><ticker value=\"OXY\"/></identifiers></otherRefInst></descRefInstrmnt>"
                + "<shareNo>1</shareNo><exercisePrice>22.00</exercisePrice><exercisePriceCurCd>USD"
                + "</exercisePriceCurCd><expDt>2027-08-03</expDt></optionSwaptionWarrantDeriv>")
                .replace("<balance>-250000</balance>", "<balance>1500</balance>");
        List<FeedItem> items = ParserTestSupport.parse(parser, "war.xml", filing(warrant));
        assertThat(ParserTestSupport.failures(items)).isEmpty();
        Normalizer.Result r = new Normalizer(TestMappings.SHIPPED).normalize(ParserTestSupport.positions(items).get(0));
        assertThat(r.position()).as(String.valueOf(r.failure())).isNotNull();
        assertThat(r.position().lineage().mappingId()).isEqualTo("nport-equity-warrant");
        assertThat(r.position().product().regime()).isEqualTo(io.concord.model.Regime.SECURITY);
        assertThat(r.position().product().riskFactor()).isEqualTo("EQ:OXY");
        assertThat(r.position().longQty()).isEqualByComparingTo("1500");
    }

    @Test
    void anOptionOnATreasuryFutureIsKnownByTheFutureItIsOn() {
        // a bond fund's written puts on the 10-year note future: the future sits in nestedDerivInfo with its ticker
        String option = holding("DIR", "<optionSwaptionWarrantDeriv derivCat=\"OPT\"><counterparties>"
                + "<counterpartyName>CME</counterpartyName><counterpartyLei>LCZ7XYGSLJUHFXXNXD88</counterpartyLei>"
                + "</counterparties><putOrCall>Put</putOrCall><writtenOrPur>Written</writtenOrPur><descRefInstrmnt>"
                + "<nestedDerivInfo><futrDeriv derivCat=\"FUT\"><counterparties><counterpartyName>CME"
                + "</counterpartyName><counterpartyLei>LCZ7XYGSLJUHFXXNXD88</counterpartyLei></counterparties>"
                + "<payOffProf>Long</payOffProf><descRefInstrmnt><indexBasketInfo><indexName>U.S. Treasury 10-Year "
                + "Note Futures</indexName><indexIdentifier>TYH4 Comdty</indexIdentifier></indexBasketInfo>"
                + "</descRefInstrmnt><expDate>2024-03-19</expDate><notionalAmt>110000000</notionalAmt><curCd>USD"
                + "</curCd><unrealizedAppr>0</unrealizedAppr></futrDeriv></nestedDerivInfo></descRefInstrmnt>"
                + "<shareNo>1000</shareNo><exercisePrice>110.00000000</exercisePrice><exercisePriceCurCd>USD"
                + "</exercisePriceCurCd><expDt>2024-02-23</expDt><delta>0.31</delta><unrealizedAppr>5000"
                + "</unrealizedAppr></optionSwaptionWarrantDeriv>").replace("<balance>-250000</balance>",
                "<balance>-100</balance>");
        List<FeedItem> items = ParserTestSupport.parse(parser, "oof.xml", filing(option));
        assertThat(ParserTestSupport.failures(items)).isEmpty();
        SourcePosition p = ParserTestSupport.positions(items).get(0);
        assertThat(p.attributes()).containsEntry("reference", "NESTED_DERIVATIVE")
                .containsEntry("term.underlyingDerivCat", "FUT").containsEntry("underlying", "TYH4 Comdty");
        Normalizer.Result r = new Normalizer(TestMappings.SHIPPED).normalize(p);
        assertThat(r.position()).as(String.valueOf(r.failure())).isNotNull();
        assertThat(r.position().lineage().mappingId()).isEqualTo("nport-ust-10y-option-on-future");
        assertThat(r.position().product().taxonomy()).isEqualTo("RATES/GOVT/TREASURY_OPTION_ON_FUTURE");
        assertThat(r.position().product().strike()).isEqualByComparingTo("110");
        assertThat(r.position().product().putCall()).isEqualTo(io.concord.model.PutCall.PUT);
        assertThat(r.position().netQty()).isEqualByComparingTo("-100");
    }

    @Test
    void currencyPairsFollowMarketConventionWhateverTheDirection() {
        // base currency priority EUR > GBP > AUD > NZD > USD > CAD > CHF > others > JPY
        assertThat(NportParser.pair("KRW", "USD")).isEqualTo("USD/KRW");
        assertThat(NportParser.pair("USD", "KRW")).isEqualTo("USD/KRW");
        assertThat(NportParser.pair("USD", "EUR")).isEqualTo("EUR/USD");
        assertThat(NportParser.pair("JPY", "USD")).isEqualTo("USD/JPY");
        assertThat(NportParser.pair("CHF", "GBP")).isEqualTo("GBP/CHF");
        assertThat(NportParser.pair("SEK", "NOK")).isEqualTo("NOK/SEK");
        assertThat(NportParser.pair("JPY", "MXN")).isEqualTo("MXN/JPY");
        assertThat(NportParser.pair("AUD", "NZD")).isEqualTo("AUD/NZD");
    }

    @Test
    void oppositeForwardsOnOnePairShareItsKeyAndDifferByDirection() {
        String buyKrw = holding("DFE", "<fwdDeriv derivCat=\"FWD\"><amtCurSold>1000000</amtCurSold><curSold>USD"
                + "</curSold><amtCurPur>1300000000</amtCurPur><curPur>KRW</curPur><settlementDt>2026-12-18"
                + "</settlementDt></fwdDeriv>");
        String sellKrw = holding("DFE", "<fwdDeriv derivCat=\"FWD\"><amtCurSold>650000000</amtCurSold><curSold>KRW"
                + "</curSold><amtCurPur>500000</amtCurPur><curPur>USD</curPur><settlementDt>2026-12-18"
                + "</settlementDt></fwdDeriv>");
        List<SourcePosition> ps = ParserTestSupport.positions(ParserTestSupport.parse(parser, "fx.xml",
                filing(buyKrw, sellKrw)));
        assertThat(ps).extracting(p -> p.attributes().get("currencyPair")).containsOnly("USD/KRW");
        assertThat(ps.get(0).shortQty()).as("buys KRW: short USD/KRW").isEqualByComparingTo("250000");
        assertThat(ps.get(1).longQty()).as("buys USD: long USD/KRW").isEqualByComparingTo("250000");
        assertThat(ps).extracting(p -> p.attributes().get("term.notional")).containsExactly("1000000", "500000");
    }
}
