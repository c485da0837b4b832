package io.concord.report;

import io.concord.margin.engine.AccountMargin;
import io.concord.margin.Explain;
import io.concord.margin.engine.MarginReport;
import io.concord.margin.collateral.CollateralSummary;
import io.concord.model.SegregationClass;
import io.concord.report.xml.margin.Account;
import io.concord.report.xml.margin.Collateral;
import io.concord.report.xml.margin.Silo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writing is validating: a margin report that does not conform to its XSD is refused and leaves no file. A document
 * appended one element at a time is the document written whole.
 */
class XmlDocumentTest {

    @TempDir
    Path tmp;

    private static MarginReport reportOf(String firm, BigDecimal total) {
        AccountMargin a = new AccountMargin(firm, "ACC-1", SegregationClass.CFTC_4D_FUT,
                List.of(new AccountMargin.SiloMargin("CFTC_SPAN", total,
                        new Explain("CFTC_SPAN requirement", total, "largest scenario loss", List.of()))),
                total, new CollateralSummary(BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2), List.of()),
                total.negate(), List.of(), null);
        return new MarginReport(LocalDate.of(2026, 11, 20), "sha256:1", "sha256:2", null, List.of(a), List.of());
    }

    @Test
    void aConformingReportIsWrittenPerFirm() {
        String lei = "5493007MERIDIANFUT65";
        assertThat(MarginReportXml.write(reportOf(lei, new BigDecimal("1250.50")), tmp))
                .containsOnlyKeys(lei);
        assertThat(tmp.resolve(lei).resolve("margin-report.xml")).content()
                .contains("<SiloedTotal>1250.50</SiloedTotal>", "<ExcessDeficit>-1250.50</ExcessDeficit>");
    }

    @Test
    void aReportThatBreaksItsSchemaIsRefusedAndLeavesNoFile() {
        String lei = "5493007MERIDIANFUT65";
        // the schema's amounts are USD cents: three decimals do not conform
        // the failure is the firm's own: its report is left out and the reason kept (FirmSink)
        MarginReportXml.Sink sink = MarginReportXml.sink(tmp);
        MarginReplay.replay(reportOf(lei, new BigDecimal("1250.505")), List.of(), sink);
        assertThat(sink.files()).doesNotContainKey(lei);
        assertThat(sink.failures().get(lei)).contains("margin-report.xml does not conform to its schema")
                .contains("1250.505");
        assertThat(tmp.resolve(lei).resolve("margin-report.xml")).doesNotExist();
    }

    @Test
    void appendingTheElementsOneAtATimeWritesTheBytesOfTheWholeDocument() throws Exception {
        XmlDocument document = new XmlDocument(io.concord.report.xml.margin.MarginReport.class, MarginReportXml.XSD);
        Supplier<io.concord.report.xml.margin.MarginReport> root = () -> {
            io.concord.report.xml.margin.MarginReport r = new io.concord.report.xml.margin.MarginReport();
            r.setFirm("5493007MERIDIANFUT65");
            r.setAsOf(XmlDocument.calendar(LocalDate.of(2026, 11, 20)));
            r.setMappingsVersion("sha256:1");
            r.setParametersVersion("sha256:2");
            return r;
        };
        List<Account> accounts = List.of(account("ACC-1", "1250.50", "scenario 3 < scenario 7 & \"up\" > −1 %"),
                account("=ACC-2", "0.00", "no positions"), account("ACC-3", "99.99", "x"));
        io.concord.report.xml.margin.MarginReport whole = root.get();
        whole.getAccount().addAll(accounts);
        document.write(whole, tmp.resolve("whole.xml"));
        try (XmlDocument.Appender appended = document.append(root.get(), tmp.resolve("appended.xml"))) {
            for (Account a : accounts) {
                io.concord.report.xml.margin.MarginReport one = root.get();
                one.getAccount().add(a);
                appended.add(document.marshalled(one));
            }
        }
        assertThat(tmp.resolve("appended.xml")).hasSameBinaryContentAs(tmp.resolve("whole.xml"))
                .content().contains("<Id>ACC-3</Id>", "&lt; scenario 7 &amp;");
    }

    @Test
    void documentsMarshalledOnManyThreadsAtOnceAreEachValidatedAndRefusedAlone() throws Exception {
        // each thread has its own marshaller and validator: documents marshalled at the same time give the bytes one
        // thread gives, and a refused document (three decimals: the schema's amounts are cents) refuses only itself,
        // the same thread's next document included
        XmlDocument document = new XmlDocument(io.concord.report.xml.margin.MarginReport.class, MarginReportXml.XSD);
        java.util.function.IntFunction<io.concord.report.xml.margin.MarginReport> doc = i -> {
            io.concord.report.xml.margin.MarginReport r = new io.concord.report.xml.margin.MarginReport();
            r.setFirm("5493007MERIDIANFUT65");
            r.setAsOf(XmlDocument.calendar(LocalDate.of(2026, 11, 20)));
            r.setMappingsVersion("sha256:1");
            r.setParametersVersion("sha256:2");
            r.getAccount().add(account("ACC-" + i, i % 3 == 0 ? i + ".505" : i + ".50", "basis " + i));
            return r;
        };
        int n = 600;
        java.util.Map<Integer, byte[]> alone = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            if (i % 3 != 0) {
                alone.put(i, document.marshalled(doc.apply(i)));
            }
        }
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<List<String>>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> problems = new java.util.ArrayList<>();
                    for (int i = first; i < n; i += threads) {
                        try {
                            byte[] bytes = document.marshalled(doc.apply(i));
                            if (i % 3 == 0 || !java.util.Arrays.equals(bytes, alone.get(i))) {
                                problems.add(i + ": written");
                            }
                        } catch (jakarta.xml.bind.JAXBException e) {
                            if (i % 3 != 0 || !String.valueOf(e.getLinkedException()).contains(i + ".505")) {
                                problems.add(i + ": " + e.getLinkedException());
                            }
                        }
                    }
                    return problems;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<List<String>> r : results) {
                assertThat(r.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theValidatorReadsNoExternalEntity() throws Exception {
        // the documents validated are Concord's own bytes, but the validator refuses what any parser here refuses
        Path secret = tmp.resolve("secret.txt");
        java.nio.file.Files.writeString(secret, "5493007MERIDIANFUT65");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<MarginReport xmlns=\"urn:concord:margin-report:1\"><Firm>&x;</Firm></MarginReport>";
        javax.xml.validation.Validator v = io.concord.feed.XmlSchemas.validator(
                io.concord.feed.XmlSchemas.load(MarginReportXml.XSD));
        assertThatThrownBy(() -> v.validate(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(xml))))
                .isInstanceOf(org.xml.sax.SAXException.class).hasMessageContaining("accessExternalDTD");
    }

    private static Account account(String id, String total, String basis) {
        Account a = new Account();
        a.setId(id);
        a.setSegregationClass(SegregationClass.CFTC_4D_FUT.name());
        Silo silo = new Silo();
        silo.setName("CFTC_SPAN");
        silo.setRequirement(new BigDecimal(total));
        io.concord.report.xml.margin.Explain explain = new io.concord.report.xml.margin.Explain();
        explain.setLabel("CFTC_SPAN requirement");
        explain.setAmount(new BigDecimal(total));
        explain.setBasis(basis);
        silo.setExplain(explain);
        a.getSilo().add(silo);
        a.setSiloedTotal(new BigDecimal(total));
        Collateral c = new Collateral();
        c.setMarketValue(BigDecimal.ZERO.setScale(2));
        c.setPostHaircut(BigDecimal.ZERO.setScale(2));
        a.setCollateral(c);
        a.setExcessDeficit(new BigDecimal(total).negate());
        return a;
    }
}
