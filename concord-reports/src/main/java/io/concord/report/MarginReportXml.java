package io.concord.report;

import io.concord.margin.engine.AccountMargin;
import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.engine.MarginReport;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.Unmargined;
import io.concord.margin.harmonized.Harmonized;
import io.concord.margin.collateral.CollateralSummary;
import io.concord.margin.collateral.CollateralValuation;
import io.concord.model.Position;
import io.concord.report.xml.margin.Account;
import io.concord.report.xml.margin.Collateral;
import io.concord.report.xml.margin.CollateralLine;
import io.concord.report.xml.margin.Silo;

import jakarta.xml.bind.JAXBException;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reports/<firm-LEI>/margin-report.xml}: one firm's part of margin.json as XML valid against
 * {@code xsd/concord-margin-report-1.xsd} (namespace {@code urn:concord:margin-report:1}), from the same
 * account margins (nothing is recomputed), written one account at a time by {@link #sink}.
 */
public final class MarginReportXml {

    public static final String XSD = "xsd/concord-margin-report-1.xsd";
    public static final String FILE_NAME = "margin-report.xml";

    private static final XmlDocument DOCUMENT = new XmlDocument(
            io.concord.report.xml.margin.MarginReport.class, XSD);

    private MarginReportXml() {
    }

    /**
     * Writes one report per firm of {@code report} under {@code reportsDir} (through {@link #sink}); returns the
     * files by firm LEI.
     */
    public static Map<String, Path> write(MarginReport report, Path reportsDir) {
        Sink sink = sink(reportsDir);
        MarginReplay.replay(report, List.of(), sink);
        return sink.files();
    }

    /** A sink writing each firm's report under {@code reportsDir} while its accounts arrive. */
    public static Sink sink(Path reportsDir) {
        return new Sink(reportsDir);
    }

    /**
     * Writes {@code <reportsDir>/<LEI>/margin-report.xml} one account at a time: the root and its header are written
     * at the firm's first margined account, each margined account's {@code Account} element as it arrives (validated
     * against the schema, see {@link XmlDocument.Appender}), the end tag after the firm's last account. A firm none
     * of whose accounts is margined gets no report. Nothing of an account is kept once it is written.
     */
    public static final class Sink extends FirmSink {

        private final Path reportsDir;
        private final Map<String, Path> files = new LinkedHashMap<>();
        private XmlDocument.Appender document;
        private io.concord.margin.stress.StressRun stress;
        /** The account being written, marshalled on a margin thread (set just before {@link #account}). */
        private Object prepared;

        private Sink(Path reportsDir) {
            this.reportsDir = reportsDir;
        }

        /**
         * Adds each account's {@code Stress} element from {@code stress}, which must come before this sink in
         * {@link io.concord.margin.engine.MarginSink#all}.
         */
        public void stress(io.concord.margin.stress.StressRun stress) {
            this.stress = stress;
        }

        /** The reports written so far, by firm LEI in the order written. */
        public Map<String, Path> files() {
            return Collections.unmodifiableMap(files);
        }

        @Override
        protected void startFirm(String firm) {
            // the report is opened at the firm's first margined account
        }

        @Override
        protected void firmAccount(MarginAccount account, AccountMargin margin, List<Position> positions) {
            if (margin == null) {
                return;
            }
            if (document == null) {
                document = DOCUMENT.append(root(run(), account.firm()), file(account.firm()));
            }
            Object whole = prepared != null ? prepared : marshalled(account, margin);
            prepared = null;
            if (whole instanceof JAXBException e) {
                throw document.refused(e);
            }
            document.add((byte[]) whole);
        }

        /** Marshals and validates the account on the margin thread; it is appended in order. */
        @Override
        protected Runnable prepareAccount(MarginAccount account, AccountMargin margin, List<Position> positions) {
            Object whole = margin == null ? null : marshalled(account, margin);
            return () -> {
                prepared = whole;
                account(account, margin, positions);
            };
        }

        /** The firm's document holding only this account, as bytes, or why it does not conform. */
        private Object marshalled(MarginAccount account, AccountMargin margin) {
            io.concord.report.xml.margin.MarginReport one = root(run(), account.firm());
            Account x = element(margin);
            var coverage = stress == null ? null : stress.coverage(account);
            if (coverage != null) {
                x.setStress(stressElement(coverage));
            }
            one.getAccount().add(x);
            try {
                return DOCUMENT.marshalled(one);
            } catch (JAXBException e) {
                return e;
            }
        }

        @Override
        protected void endFirm(String firm) {
            if (document != null) {
                document.close();
                document = null;
                files.put(firm, file(firm));
            }
        }

        @Override
        protected void abandonFirm(String firm) {
            prepared = null;
            if (document != null) {
                document.discard();
                document = null;
            }
        }

        private Path file(String firm) {
            return reportsDir.resolve(firm).resolve(FILE_NAME);
        }
    }

    /** The document's root with its header, no accounts. */
    private static io.concord.report.xml.margin.MarginReport root(MarginRun run, String firm) {
        io.concord.report.xml.margin.MarginReport doc = new io.concord.report.xml.margin.MarginReport();
        doc.setFirm(firm);
        doc.setAsOf(XmlDocument.calendar(run.asOf()));
        doc.setMappingsVersion(run.mappingsVersion());
        doc.setParametersVersion(run.parametersVersion());
        doc.setWhatIf(run.whatIf());
        return doc;
    }

    private static Account element(AccountMargin a) {
        Account x = new Account();
        x.setId(a.account());
        x.setSegregationClass(a.segregationClass().name());
        for (AccountMargin.SiloMargin s : a.silos()) {
            Silo silo = new Silo();
            silo.setName(s.silo());
            silo.setRequirement(s.requirement());
            silo.setExplain(explain(s.explain()));
            x.getSilo().add(silo);
        }
        x.setSiloedTotal(a.siloedTotal());
        x.setCollateral(collateral(a.collateral()));
        x.setExcessDeficit(a.excessDeficit());
        a.unmargined().forEach(u -> x.getUnmargined().add(unmargined(u)));
        if (a.harmonized() != null) {
            x.setHarmonized(harmonized(a.harmonized()));
        }
        return x;
    }

    private static io.concord.report.xml.margin.Stress stressElement(io.concord.margin.stress.Coverage.AccountCoverage c) {
        io.concord.report.xml.margin.Stress x = new io.concord.report.xml.margin.Stress();
        x.setPortfolio(c.portfolio());
        x.setHarmonizedTotal(c.harmonized());
        x.setPositions(java.math.BigInteger.valueOf(c.positions()));
        x.setRevalued(java.math.BigInteger.valueOf(c.revalued()));
        for (var n : c.notRevalued()) {
            io.concord.report.xml.margin.NotRevalued xn = new io.concord.report.xml.margin.NotRevalued();
            xn.setPosition(n.position());
            xn.setReason(n.reason());
            x.getNotRevalued().add(xn);
        }
        for (var s : c.scenarios()) {
            io.concord.report.xml.margin.StressScenario xs = new io.concord.report.xml.margin.StressScenario();
            xs.setId(s.scenario());
            xs.setPnl(s.pnl());
            xs.setLoss(s.loss());
            xs.setShortfallSiloed(s.shortfallSiloed());
            xs.setShortfallHarmonized(s.shortfallHarmonized());
            xs.setCollateralAfter(s.collateralAfter());
            xs.setShortfallCollateral(s.shortfallCollateral());
            xs.getUnshockedFactor().addAll(s.unshockedFactors());
            x.getScenario().add(xs);
        }
        x.setWorstScenario(c.worst().scenario());
        x.setWorstLoss(c.worst().loss());
        x.setSiloedCovers(c.worst().siloedCovers());
        x.setHarmonizedCovers(c.worst().harmonizedCovers());
        x.setCollateralCovers(c.worst().collateralCovers());
        return x;
    }

    private static io.concord.report.xml.margin.Harmonized harmonized(Harmonized h) {
        io.concord.report.xml.margin.Harmonized x = new io.concord.report.xml.margin.Harmonized();
        x.setEligible(h.eligible());
        x.setCustomer(h.portfolio().customer());
        x.getPortfolioAccount().addAll(h.portfolio().accounts());
        x.setTotal(h.total());
        x.setSaving(h.saving());
        x.setSavingCapped(h.savingCapped());
        x.setPortfolioSiloed(h.portfolio().siloed());
        x.setPortfolioTotal(h.portfolio().total());
        x.setPortfolioSaving(h.portfolio().saving());
        x.setUncappedSaving(h.portfolio().uncappedSaving());
        x.setSavingCap(h.portfolio().savingCap());
        for (Harmonized.Offset o : h.offsets()) {
            io.concord.report.xml.margin.Offset xo = new io.concord.report.xml.margin.Offset();
            xo.setType(o.type());
            xo.getRiskFactor().addAll(o.riskFactors());
            xo.getSilo().addAll(o.silos());
            xo.setAmount(o.amount());
            xo.setBasis(o.basis());
            x.getOffset().add(xo);
        }
        for (Harmonized.ProtectionMove m : h.protectionImpact()) {
            io.concord.report.xml.margin.ProtectionMove xm = new io.concord.report.xml.margin.ProtectionMove();
            xm.setAccount(m.account());
            xm.setFrom(m.from().name());
            xm.setFromRegime(m.fromRegime());
            xm.setTo(m.to().name());
            xm.setToRegime(m.toRegime());
            xm.setPositions(java.math.BigInteger.valueOf(m.positions()));
            xm.setPositionsValue(m.positionsValue());
            xm.setMarginMoved(m.marginMoved());
            xm.setCollateralMoved(m.collateralMoved());
            x.getProtectionMove().add(xm);
        }
        for (Harmonized.Stayed st : h.stayedSiloed()) {
            io.concord.report.xml.margin.StayedSiloed xs = new io.concord.report.xml.margin.StayedSiloed();
            xs.setPosition(st.position());
            xs.setRiskFactor(st.riskFactor());
            xs.setReason(st.reason());
            x.getStayedSiloed().add(xs);
        }
        x.setExplain(explain(h.explain()));
        return x;
    }

    private static io.concord.report.xml.margin.Explain explain(Explain e) {
        io.concord.report.xml.margin.Explain x = new io.concord.report.xml.margin.Explain();
        x.setLabel(e.label());
        x.setAmount(e.amount());
        x.setBasis(e.basis());
        e.children().forEach(c -> x.getExplain().add(explain(c)));
        return x;
    }

    private static Collateral collateral(CollateralSummary c) {
        Collateral x = new Collateral();
        x.setMarketValue(c.marketValue());
        x.setPostHaircut(c.postHaircut());
        for (CollateralValuation v : c.lines()) {
            CollateralLine l = new CollateralLine();
            l.setAssetClass(v.assetClass());
            l.setAsset(v.asset());
            l.setDirection(v.direction());
            l.setPurpose(v.purpose());
            l.setCurrency(v.currency());
            l.setMarketValue(v.marketValue());
            l.setHaircutPct(v.haircutPct());
            l.setPostHaircut(v.postHaircut());
            l.setCounted(v.counted());
            l.setBasis(v.basis());
            l.setFile(v.file());
            l.setLocation(v.location());
            x.getLine().add(l);
        }
        return x;
    }

    private static io.concord.report.xml.margin.Unmargined unmargined(Unmargined u) {
        io.concord.report.xml.margin.Unmargined x = new io.concord.report.xml.margin.Unmargined();
        x.setSilo(u.silo());
        x.setTaxonomy(u.taxonomy());
        x.setInstrument(u.instrument());
        x.setFile(u.file());
        x.setLocation(u.location());
        x.setReason(u.reason());
        return x;
    }
}
