package io.concord.report;

import io.concord.model.iso20022.auth108.ActiveOrHistoricCurrencyAnd20DecimalAmount;
import io.concord.model.iso20022.auth108.CollateralPortfolioCode6Choice;
import io.concord.model.iso20022.auth108.CollateralisationType3Code;
import io.concord.model.iso20022.auth108.Counterparty45;
import io.concord.model.iso20022.auth108.Counterparty46;
import io.concord.model.iso20022.auth108.DerivativesTradeMarginDataReportV02;
import io.concord.model.iso20022.auth108.Document;
import io.concord.model.iso20022.auth108.LegalPersonIdentification1;
import io.concord.model.iso20022.auth108.MarginCollateralReport5;
import io.concord.model.iso20022.auth108.MarginReportData9;
import io.concord.model.iso20022.auth108.NotApplicable1Code;
import io.concord.model.iso20022.auth108.ObjectFactory;
import io.concord.model.iso20022.auth108.OrganisationIdentification15Choice;
import io.concord.model.iso20022.auth108.PartyIdentification248Choice;
import io.concord.model.iso20022.auth108.PortfolioCode3Choice;
import io.concord.model.iso20022.auth108.PostedMarginOrCollateral6;
import io.concord.model.iso20022.auth108.ReceivedMarginOrCollateral6;
import io.concord.model.iso20022.auth108.TradeCounterpartyReport20;
import io.concord.model.iso20022.auth108.TradeData61Choice;
import io.concord.model.iso20022.auth108.TradeReport34Choice;
import io.concord.model.iso20022.auth108.TradeReportHeader4;
import io.concord.model.iso20022.auth108.UniqueTransactionIdentifier2Choice;
import io.concord.model.CollateralLine;
import io.concord.model.CollateralLine.Direction;
import io.concord.model.CollateralLine.Purpose;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code reports/<firm-LEI>/auth108-margin-data.xml}: the CFTC Part 45 margin data report (ISO 20022
 * {@code auth.108.001.02} DerivsTradMrgnDataRpt) of each firm with swap margin, built from the run's normalized
 * collateral lines with the JAXB classes generated from the XSD and validated against it as it is marshalled.
 * <p>
 * Which lines qualify: initial or variation margin ({@code IM}, {@code VM}; excess collateral is not margin) that
 * carries a collateralisation category ({@code CollstnCtgy}, mandatory in auth.108, never inferred). Today only
 * the {@code cftc-part45} feed states it, so the report covers exactly the swap portfolios that feed reported.
 * One {@code Rpt/New} per firm, collateral portfolio (the line's account: its portfolio code, or {@code UTI:}
 * and the transaction's UTI, written as {@code TxId} with no portfolio), category, currency and event date, with
 * the sum of the lines' pre-haircut (market value) and post-haircut values per purpose and direction; a sum is
 * written only when every line of it carries that value. The other counterparty is not on a collateral line, so
 * {@code OthrCtrPty} is left empty (it is mandatory, its content is not).
 */
public final class MarginDataAuth108 {

    public static final String XSD = "feed-xsd/iso20022/auth.108.001.02.xsd";
    public static final String FILE_NAME = "auth108-margin-data.xml";
    private static final String BY_TRADE = "UTI:";

    /** The document's binding and schema, built the first time a firm has lines to report (most runs have none). */
    private static final class Binding {
        static final XmlDocument DOCUMENT = new XmlDocument(ObjectFactory.class, XSD);
    }

    private MarginDataAuth108() {
    }

    /** One portfolio's report: the key its qualifying lines share. */
    private record Portfolio(String firm, String account, String category, String currency, LocalDate asOf) {
    }

    /**
     * Writes one document per firm with qualifying lines under {@code reportsDir}, stamped {@code reportedAt};
     * returns the files by firm LEI.
     */
    public static Map<String, Path> write(Collection<CollateralLine> lines, Instant reportedAt, Path reportsDir) {
        Map<String, Map<Portfolio, List<CollateralLine>>> byFirm = new LinkedHashMap<>();
        for (CollateralLine l : lines) {
            if (qualifies(l)) {
                byFirm.computeIfAbsent(l.ownerLei(), f -> new LinkedHashMap<>())
                        .computeIfAbsent(new Portfolio(l.ownerLei(), l.account(), l.collateralisation(),
                                l.currency(), l.asOf()), p -> new ArrayList<>()).add(l);
            }
        }
        Map<String, Path> files = new LinkedHashMap<>();
        byFirm.forEach((firm, portfolios) -> {
            Path file = reportsDir.resolve(firm).resolve(FILE_NAME);
            Binding.DOCUMENT.write(new ObjectFactory().createDocument(document(portfolios, reportedAt)), file);
            files.put(firm, file);
        });
        return files;
    }

    /** Swap margin: IM or VM with the collateralisation category the feed stated. */
    static boolean qualifies(CollateralLine l) {
        return (l.purpose() == Purpose.IM || l.purpose() == Purpose.VM) && l.collateralisation() != null;
    }

    private static Document document(Map<Portfolio, List<CollateralLine>> portfolios, Instant reportedAt) {
        TradeReportHeader4 header = new TradeReportHeader4();
        header.setRptExctnDt(XmlDocument.calendar(LocalDate.ofInstant(reportedAt, ZoneOffset.UTC)));
        header.setNbRcrds(BigDecimal.valueOf(portfolios.size()));
        TradeData61Choice data = new TradeData61Choice();
        portfolios.forEach((p, lines) -> {
            TradeReport34Choice rpt = new TradeReport34Choice();
            rpt.setNew(report(p, lines, reportedAt));
            data.getRpt().add(rpt);
        });
        DerivativesTradeMarginDataReportV02 report = new DerivativesTradeMarginDataReportV02();
        report.setRptHdr(header);
        report.setTradData(data);
        Document doc = new Document();
        doc.setDerivsTradMrgnDataRpt(report);
        return doc;
    }

    private static MarginReportData9 report(Portfolio p, List<CollateralLine> lines, Instant reportedAt) {
        MarginReportData9 m = new MarginReportData9();
        m.setRptgTmStmp(XmlDocument.calendar(reportedAt));
        TradeCounterpartyReport20 parties = new TradeCounterpartyReport20();
        Counterparty45 reporting = new Counterparty45();
        reporting.setId(lei(p.firm()));
        parties.setRptgCtrPty(reporting);
        parties.setOthrCtrPty(new Counterparty46());
        m.setCtrPtyId(parties);
        m.setEvtDt(XmlDocument.calendar(p.asOf()));
        PortfolioCode3Choice code = new PortfolioCode3Choice();
        if (p.account().startsWith(BY_TRADE)) {
            UniqueTransactionIdentifier2Choice tx = new UniqueTransactionIdentifier2Choice();
            tx.setUnqTxIdr(p.account().substring(BY_TRADE.length()));
            m.setTxId(tx);
            code.setNoPrtfl(NotApplicable1Code.NOAP);
        } else {
            code.setCd(p.account());
        }
        CollateralPortfolioCode6Choice portfolio = new CollateralPortfolioCode6Choice();
        portfolio.setPrtfl(code);
        MarginCollateralReport5 coll = new MarginCollateralReport5();
        coll.setCollPrtflCd(portfolio);
        coll.setCollstnCtgy(CollateralisationType3Code.fromValue(p.category()));
        m.setColl(coll);
        PostedMarginOrCollateral6 posted = new PostedMarginOrCollateral6();
        posted.setInitlMrgnPstdPreHrcut(sum(lines, Purpose.IM, Direction.POSTED, CollateralLine::marketValue));
        posted.setInitlMrgnPstdPstHrcut(sum(lines, Purpose.IM, Direction.POSTED, CollateralLine::postHaircutValue));
        posted.setVartnMrgnPstdPreHrcut(sum(lines, Purpose.VM, Direction.POSTED, CollateralLine::marketValue));
        posted.setVartnMrgnPstdPstHrcut(sum(lines, Purpose.VM, Direction.POSTED, CollateralLine::postHaircutValue));
        ReceivedMarginOrCollateral6 received = new ReceivedMarginOrCollateral6();
        received.setInitlMrgnRcvdPreHrcut(sum(lines, Purpose.IM, Direction.RECEIVED, CollateralLine::marketValue));
        received.setInitlMrgnRcvdPstHrcut(sum(lines, Purpose.IM, Direction.RECEIVED,
                CollateralLine::postHaircutValue));
        received.setVartnMrgnRcvdPreHrcut(sum(lines, Purpose.VM, Direction.RECEIVED, CollateralLine::marketValue));
        received.setVartnMrgnRcvdPstHrcut(sum(lines, Purpose.VM, Direction.RECEIVED,
                CollateralLine::postHaircutValue));
        if (lines.stream().anyMatch(l -> l.direction() == Direction.POSTED)) {
            m.setPstdMrgnOrColl(posted);
        }
        if (lines.stream().anyMatch(l -> l.direction() == Direction.RECEIVED)) {
            m.setRcvdMrgnOrColl(received);
        }
        return m;
    }

    /** The sum of {@code value} over the lines of this purpose and direction; null when none or one lacks it. */
    private static ActiveOrHistoricCurrencyAnd20DecimalAmount sum(List<CollateralLine> lines, Purpose purpose,
                                                                  Direction direction,
                                                                  Function<CollateralLine, BigDecimal> value) {
        BigDecimal total = null;
        for (CollateralLine l : lines) {
            if (l.purpose() == purpose && l.direction() == direction) {
                BigDecimal v = value.apply(l);
                if (v == null) {
                    return null;
                }
                total = total == null ? v : total.add(v);
            }
        }
        if (total == null) {
            return null;
        }
        ActiveOrHistoricCurrencyAnd20DecimalAmount amount = new ActiveOrHistoricCurrencyAnd20DecimalAmount();
        amount.setCcy(lines.get(0).currency());
        amount.setValue(total);
        return amount;
    }

    private static PartyIdentification248Choice lei(String lei) {
        OrganisationIdentification15Choice org = new OrganisationIdentification15Choice();
        org.setLEI(lei);
        LegalPersonIdentification1 legal = new LegalPersonIdentification1();
        legal.setId(org);
        PartyIdentification248Choice id = new PartyIdentification248Choice();
        id.setLgl(legal);
        return id;
    }
}
