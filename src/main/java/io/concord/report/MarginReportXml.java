package io.concord.report;

import io.concord.margin.AccountMargin;
import io.concord.margin.Explain;
import io.concord.margin.MarginReport;
import io.concord.margin.Unmargined;
import io.concord.margin.harmonized.Harmonized;
import io.concord.margin.collateral.CollateralSummary;
import io.concord.margin.collateral.CollateralValuation;
import io.concord.report.xml.margin.Account;
import io.concord.report.xml.margin.Collateral;
import io.concord.report.xml.margin.CollateralLine;
import io.concord.report.xml.margin.Silo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reports/<firm-LEI>/margin-report.xml}: one firm's part of margin.json as XML valid against
 * {@code xsd/concord-margin-report-1.xsd} (namespace {@code urn:concord:margin-report:1}), from the same
 * {@link MarginReport} (nothing is recomputed).
 */
public final class MarginReportXml {

    public static final String XSD = "xsd/concord-margin-report-1.xsd";
    public static final String FILE_NAME = "margin-report.xml";

    private static final XmlDocument DOCUMENT = new XmlDocument(
            io.concord.report.xml.margin.MarginReport.class, XSD);

    private MarginReportXml() {
    }

    /** Writes one report per firm of {@code report} under {@code reportsDir}; returns the files by firm LEI. */
    public static Map<String, Path> write(MarginReport report, Path reportsDir) {
        Map<String, Path> files = new LinkedHashMap<>();
        report.accountsByFirm().forEach((firm, accounts) -> {
            Path file = reportsDir.resolve(firm).resolve(FILE_NAME);
            DOCUMENT.write(document(report, firm, accounts), file);
            files.put(firm, file);
        });
        return files;
    }

    static io.concord.report.xml.margin.MarginReport document(MarginReport report, String firm,
                                                              List<AccountMargin> accounts) {
        io.concord.report.xml.margin.MarginReport doc = new io.concord.report.xml.margin.MarginReport();
        doc.setFirm(firm);
        doc.setAsOf(XmlDocument.calendar(report.asOf()));
        doc.setMappingsVersion(report.mappingsVersion());
        doc.setParametersVersion(report.parametersVersion());
        doc.setWhatIf(report.whatIf());
        accounts.forEach(a -> doc.getAccount().add(account(a)));
        return doc;
    }

    private static Account account(AccountMargin a) {
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
