package io.concord.feed.part45;

import io.concord.feed.Attr;
import io.concord.feed.FeedParser;
import io.concord.feed.XmlBinding;
import io.concord.feed.Fields;
import io.concord.feed.RecordFailure;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceCollateral;
import io.concord.feed.SourceFile;
import io.concord.feed.SourcePosition;
import io.concord.feed.XmlRecordStream;
import io.concord.feed.XmlSchemas;
import io.concord.model.iso20022.auth030.AmountAndDirection106;
import io.concord.model.iso20022.auth030.ClearingPartyAndTime22;
import io.concord.model.iso20022.auth030.CollateralPortfolioCode6Choice;
import io.concord.model.iso20022.auth030.ContractType15;
import io.concord.model.iso20022.auth030.Counterparty45;
import io.concord.model.iso20022.auth030.CounterpartySpecificData36;
import io.concord.model.iso20022.auth030.OptionOrSwaption11;
import io.concord.model.iso20022.auth030.SecuritiesTransactionPrice17Choice;
import io.concord.model.iso20022.auth030.SecurityIdentification41Choice;
import io.concord.model.iso20022.auth030.TradeData43;
import io.concord.model.iso20022.auth030.TradeReport33Choice;
import io.concord.model.iso20022.auth030.TradeTransaction50;
import io.concord.model.iso20022.auth108.ActiveOrHistoricCurrencyAnd20DecimalAmount;
import io.concord.model.iso20022.auth108.MarginReportData9;
import io.concord.model.iso20022.auth108.TradeReport34Choice;
import io.concord.model.CollateralLine;
import io.concord.model.CollateralLine.Direction;
import io.concord.model.CollateralLine.Purpose;
import io.concord.model.Identifiers;
import io.concord.model.Lineage;
import io.concord.model.ReasonCode;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;

import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cftc-part45}: swap data as CFTC Part 45 takes it in ISO 20022, one document per file:
 * <ul>
 *   <li>{@code auth.030.001.04} DerivsTradRpt (trade state): each {@code TradData/Rpt} and each counterparty block
 *   in it ({@code CtrPtySpcfcData}) becomes a swap position of the reporting counterparty: long the first leg's
 *   notional when it is the buyer ({@code CtrPtySd BYER}) or the receiver of the first leg
 *   ({@code DrctnOfTheFrstLeg TAKE}), short when seller or payer ({@code SLLR}, {@code MAKE}); zero after a
 *   termination ({@code Termntn}) or an error ({@code Err}) report. Product attributes: {@code assetClass}
 *   (INTR, CRDT, CURR, EQUI, COMM), {@code securityType} (the contract type: SWAP, SWPT, FORW, OPTN ...),
 *   {@code cfi}, {@code upi} or {@code isin} (one is required), {@code underlying}, {@code expiry},
 *   {@code currency} and {@code currencyPair} of the notional legs, and as terms the UTI, notional, cleared
 *   status (Y, N, INTEND), collateral portfolio code and other counterparty.</li>
 *   <li>{@code auth.108.001.02} DerivsTradMrgnDataRpt (margin): each {@code Rpt} gives one collateral line per
 *   amount reported: initial and variation margin posted and received (pre-haircut value, post-haircut value
 *   and the haircut they imply) and excess collateral posted and received. {@code Err} reports are rejected
 *   (there is no earlier margin state to cancel).</li>
 * </ul>
 * Account: the collateral portfolio code, else {@code CPTY:} and the other counterparty's LEI (trades), or
 * {@code UTI:} and the transaction's UTI (margin reported per transaction). Segregation class: a cleared trade
 * with {@code ClrAcctOrgn CLIE} is {@code CFTC_4D_F_LSOC}, {@code HOUS} is {@code CFTC_HOUSE} (a cleared trade
 * without it is rejected); uncleared and intended-to-clear trades are {@code CFTC_HOUSE}. Margin against a CCP
 * is {@code CFTC_4D_F_LSOC} when a clearing member is named, else {@code CFTC_HOUSE}; uncleared initial margin
 * is {@code UNCLEARED_IM_SEG} (third-party custody, 17 CFR 23.157), uncleared variation margin and excess
 * {@code CFTC_HOUSE}. Every document is validated against its schema while it streams; a record with schema
 * errors is rejected ({@code SCHEMA_INVALID}) naming the element and line.
 */
public final class Part45Parser implements FeedParser {

    public static final String ID = "cftc-part45";
    static final String NS_TRADE = "urn:iso:std:iso:20022:tech:xsd:auth.030.001.04";
    static final String NS_MARGIN = "urn:iso:std:iso:20022:tech:xsd:auth.108.001.02";
    private static final XmlBinding BINDING = XmlBinding.of("ISO 20022",
            io.concord.model.iso20022.auth030.ObjectFactory.class,
            io.concord.model.iso20022.auth108.ObjectFactory.class)
            .validatedBy("feed-xsd/iso20022/auth.030.001.04.xsd", "feed-xsd/iso20022/auth.108.001.02.xsd");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "CFTC Part 45 swap data, ISO 20022 auth.030 trade state and auth.108 margin data";
    }

    @Override
    public boolean sniff(String head) {
        return head.contains(NS_TRADE) || head.contains(NS_MARGIN);
    }

    /** Roots of the envelopes that carry an ISO 20022 Document with its business application header (head.001). */
    private static final java.util.Set<String> ENVELOPES = java.util.Set.of("BizData", "BizMsg", "RequestPayload",
            "Message", "AppHdr", "BizMsgEnvlp");

    private static final java.util.regex.Pattern ISO_VERSION =
            java.util.regex.Pattern.compile("urn:iso:std:iso:20022:tech:xsd:(auth\\.(030|108)\\.\\d{3}\\.\\d{2})");

    /** An auth.030 or auth.108 message of another version (e.g. EMIR Refit's auth.030.001.03): says which. */
    @Override
    public String nearMiss(String head) {
        java.util.regex.Matcher m = ISO_VERSION.matcher(head);
        return m.find() ? unsupported(m.group(1)) : null;
    }

    private static String unsupported(String version) {
        return "ISO 20022 " + version + " is not a version " + ID + " reads (EMIR Refit uses auth.030.001.03 and"
                + " auth.108.001.01); it reads the CFTC Part 45 versions auth.030.001.04 (trade state) and"
                + " auth.108.001.02 (margin data)";
    }

    @Override
    public RecordStream open(InputStream in, SourceFile source) {
        return new Stream(in, source);
    }

    private static final class Stream extends XmlRecordStream {
        /** Schema problems of the report header: every report of the file is then rejected with them. */
        private String headerProblem;
        private final XmlSchemas.Validation validation = new XmlSchemas.Validation();
        private Unmarshaller unmarshaller;
        private boolean margin;
        private LocalDate reportDate;
        private BigDecimal declared;
        private long reports;
        private long items;

        Stream(InputStream in, SourceFile source) {
            super(in, source);
        }

        @Override
        protected XMLStreamReader open(InputStream in) throws XMLStreamException {
            unmarshaller = unmarshallerOf(BINDING.context());
            return XmlSchemas.validating(super.open(in), BINDING.schema(), validation);
        }

        @Override
        protected String checkRoot(QName root) {
            if ("Document".equals(root.getLocalPart()) && NS_TRADE.equals(root.getNamespaceURI())) {
                return null;
            }
            if ("Document".equals(root.getLocalPart()) && NS_MARGIN.equals(root.getNamespaceURI())) {
                margin = true;
                return null;
            }
            java.util.regex.Matcher m = ISO_VERSION.matcher(root.getNamespaceURI());
            if ("Document".equals(root.getLocalPart()) && m.matches()) {
                return unsupported(m.group(1));
            }
            if (ENVELOPES.contains(root.getLocalPart())) {
                return "the document is wrapped in an ISO 20022 business message envelope (<" + root.getLocalPart()
                        + ">, with a business application header AppHdr): " + ID + " reads the Document itself, in "
                        + NS_TRADE + " or " + NS_MARGIN + "; send the Document without the envelope";
            }
            return "root element is " + root + ", expected Document in " + NS_TRADE + " or " + NS_MARGIN;
        }

        @Override
        protected boolean element(XMLStreamReader reader, String name, String path)
                throws XMLStreamException, JAXBException {
            if ("RptHdr".equals(name)) {
                String location = path + " (line " + line() + ")";
                XMLGregorianCalendar date;
                if (margin) {
                    var h = unmarshaller.unmarshal(reader, io.concord.model.iso20022.auth108.TradeReportHeader4.class)
                            .getValue();
                    date = h.getRptExctnDt();
                    declared = h.getNbRcrds();
                } else {
                    var h = unmarshaller.unmarshal(reader, io.concord.model.iso20022.auth030.TradeReportHeader4.class)
                            .getValue();
                    date = h.getRptExctnDt();
                    declared = h.getNbRcrds();
                }
                reportDate = date(date);
                List<XmlSchemas.Problem> problems = validation.drain();
                if (!problems.isEmpty()) {
                    // the header's error rejects the file: each of its reports, so received counts the reports
                    headerProblem = location + ": " + join(problems);
                }
                return true;
            }
            if ("Rpt".equals(name) && path.endsWith("/TradData/Rpt")) {
                if (reports == 0) {
                    // problems before the first report (a missing or misplaced RptHdr) are the header's: they
                    // reject every report of the file, and received still counts the reports the file holds
                    List<XmlSchemas.Problem> before = validation.drain();
                    if (!before.isEmpty()) {
                        String problem = "before " + path + "[1]: " + join(before);
                        headerProblem = headerProblem == null ? problem : headerProblem + "; " + problem;
                    }
                } else {
                    outsideRecords("before " + path + "[" + (reports + 1) + "]");
                }
                reports++;
                String location = path + "[" + reports + "] (line " + line() + ")";
                at(location);
                Object rpt = margin ? unmarshaller.unmarshal(reader, TradeReport34Choice.class).getValue()
                        : unmarshaller.unmarshal(reader, TradeReport33Choice.class).getValue();
                List<XmlSchemas.Problem> problems = validation.drain();
                if (headerProblem != null) {
                    items++;
                    emit(new RecordFailure(ID, source.name(), items, location, ReasonCode.SCHEMA_INVALID, "RptHdr",
                            "the report header is not valid, so no report of the file is taken: " + headerProblem
                                    + (problems.isEmpty() ? "" : "; the report itself: " + join(problems)),
                            Map.of()));
                } else if (!problems.isEmpty()) {
                    items++;
                    emit(new RecordFailure(ID, source.name(), items, location, ReasonCode.SCHEMA_INVALID,
                            problems.get(0).path(), join(problems), Map.of()));
                } else if (margin) {
                    margin((TradeReport34Choice) rpt, location);
                } else {
                    trade((TradeReport33Choice) rpt, location);
                }
                at("after " + path + "[" + reports + "]");
                return true;
            }
            return false;
        }

        /** Schema problems found outside any record make one whole-file failure (the records still count). */
        private void outsideRecords(String location) {
            List<XmlSchemas.Problem> problems = validation.drain();
            if (!problems.isEmpty()) {
                emit(RecordFailure.ofFile(source, location, ReasonCode.SCHEMA_INVALID, join(problems)));
            }
        }

        @Override
        protected void endOfDocument() {
            if (headerProblem != null && reports == 0) {
                emit(RecordFailure.ofFile(source, "RptHdr", ReasonCode.SCHEMA_INVALID, headerProblem));
            }
            outsideRecords("end of document");
            if (declared != null && declared.compareTo(BigDecimal.valueOf(reports)) != 0) {
                emit(RecordFailure.ofFile(source, "RptHdr/NbRcrds", ReasonCode.INCONSISTENT_VALUES, "the header "
                        + "declares " + declared.toPlainString() + " records, the document has " + reports));
            }
        }

        // ---- auth.030 trade state -> positions

        private void trade(TradeReport33Choice r, String location) {
            String action;
            TradeData43 t;
            if (r.getNew() != null) { action = "NEW"; t = r.getNew(); }
            else if (r.getMod() != null) { action = "MODI"; t = r.getMod(); }
            else if (r.getCrrctn() != null) { action = "CORR"; t = r.getCrrctn(); }
            else if (r.getTermntn() != null) { action = "TERM"; t = r.getTermntn(); }
            else if (r.getPosCmpnt() != null) { action = "POSC"; t = r.getPosCmpnt(); }
            else if (r.getValtnUpd() != null) { action = "VALU"; t = r.getValtnUpd(); }
            else if (r.getCmprssn() != null) { action = "COMP"; t = r.getCmprssn(); }
            else if (r.getErr() != null) { action = "EROR"; t = r.getErr(); }
            else if (r.getPortOut() != null) { action = "PRTO"; t = r.getPortOut(); }
            else if (r.getRvv() != null) { action = "REVI"; t = r.getRvv(); }
            else { action = "OTHR"; t = r.getOthr(); }
            if ("VALU".equals(action)) {
                // a valuation update carries the UTI and a new mark only: no direction, notional or contract data
                items++;
                String uti = t.getCmonTradData() == null || t.getCmonTradData().getTxData() == null
                        || t.getCmonTradData().getTxData().getTxId() == null ? null
                        : t.getCmonTradData().getTxData().getTxId().getUnqTxIdr();
                emit(new RecordFailure(ID, source.name(), items, location, ReasonCode.NOT_A_POSITION, "ValtnUpd",
                        "a valuation update (ValtnUpd) reports a new mark for UTI " + uti + " and no position: Concord"
                        + " books trade-state reports (New, Mod, Crrctn, Termntn, PosCmpnt, Err) and does not apply"
                        + " a valuation-only update to an earlier report; send the trade state with its valuation",
                        uti == null ? Map.of("action", action) : Map.of("action", action, "UTI", uti)));
                return;
            }
            boolean gone = "TERM".equals(action) || "EROR".equals(action);
            int k = 0;
            for (CounterpartySpecificData36 c : t.getCtrPtySpcfcData()) {
                k++;
                items++;
                String where = t.getCtrPtySpcfcData().size() > 1 ? location + " CtrPtySpcfcData[" + k + "]" : location;
                emit(position(action, gone, c, t.getCmonTradData().getCtrctData(), t.getCmonTradData().getTxData(),
                        items, where));
            }
        }

        private io.concord.feed.FeedItem position(String action, boolean gone, CounterpartySpecificData36 c,
                                                  ContractType15 ctrct, TradeTransaction50 tx, long record,
                                                  String location) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put(Attr.FEED, ID);
            Map<String, String> raw = new LinkedHashMap<>();
            raw.put("action", action);
            Fields f = new Fields(source, record, location, raw);
            Counterparty45 rptg = c.getCtrPty().getRptgCtrPty();
            String firm = f.firm("RptgCtrPty/Id/Lgl/Id/LEI", lei(rptg.getId()), true);
            String other = other(c.getCtrPty().getOthrCtrPty().getIdTp());
            put(raw, "RptgCtrPty", lei(rptg.getId()));
            put(raw, "OthrCtrPty", other);
            put(attrs, "term.otherCounterparty", other);
            Boolean isLong = direction(rptg, f);
            String uti = tx.getTxId() == null ? null : tx.getTxId().getUnqTxIdr() != null ? tx.getTxId().getUnqTxIdr()
                    : tx.getTxId().getPrtry() == null ? null : tx.getTxId().getPrtry().getId();
            uti = f.required("TxData/TxId", uti);
            if (uti != null && tx.getTxId().getUnqTxIdr() != null) {
                Identifiers.checkUti(uti).ifPresent(p -> f.fail(ReasonCode.INVALID_VALUE, "TxData/TxId/UnqTxIdr", p));
            }
            put(raw, "UTI", uti);
            put(attrs, "term.uti", uti);
            if (ctrct == null) {
                f.fail(ReasonCode.MISSING_FIELD, "CtrctData", "the report has no contract data (CtrctData)");
            } else {
                contract(ctrct, f, attrs);
            }
            AmountAndDirection106 first = tx.getNtnlAmt() == null || tx.getNtnlAmt().getFrstLeg() == null ? null
                    : tx.getNtnlAmt().getFrstLeg().getAmt();
            BigDecimal notional = null;
            if (first == null) {
                f.fail(ReasonCode.MISSING_FIELD, "TxData/NtnlAmt/FrstLeg/Amt", "the first leg's notional is required");
            } else {
                notional = first.getAmt().getValue();
                attrs.put(Attr.CURRENCY, first.getAmt().getCcy());
                attrs.put("term.notional", notional.toPlainString());
                attrs.put("term.notionalCurrency", first.getAmt().getCcy());
                raw.put("notional", notional.toPlainString() + " " + first.getAmt().getCcy());
                var second = tx.getNtnlAmt().getScndLeg();
                String ccy2 = second == null ? null : second.getCcy() != null ? second.getCcy()
                        : second.getAmt() == null ? null : second.getAmt().getAmt().getCcy();
                if (ccy2 != null && !ccy2.equals(first.getAmt().getCcy())) {
                    attrs.put("currencyPair", first.getAmt().getCcy() + "/" + ccy2);
                }
            }
            LocalDate expiry = date(tx.getXprtnDt());
            put(attrs, Attr.EXPIRY, expiry == null ? null : expiry.toString());
            option(tx.getOptn(), attrs);
            SegregationClass seg = clearing(tx, f, attrs);
            String portfolio = portfolio(tx.getCollPrtflCd());
            put(attrs, "term.collateralPortfolio", portfolio);
            String account = portfolio != null ? portfolio : other != null ? "CPTY:" + other : null;
            if (account == null) {
                f.fail(ReasonCode.MISSING_FIELD, "TxData/CollPrtflCd", "no collateral portfolio code and no other"
                        + " counterparty to name the account by");
            }
            BigDecimal value = null;
            if (c.getValtn() != null && c.getValtn().getCtrctVal() != null && c.getValtn().getCtrctVal().getAmt() != null) {
                value = signed(c.getValtn().getCtrctVal().getAmt().getValue(), c.getValtn().getCtrctVal().isSgn());
            }
            LocalDate asOf = c.getRptgTmStmp() != null ? date(c.getRptgTmStmp()) : reportDate;
            if (asOf == null) {
                f.fail(ReasonCode.MISSING_FIELD, "RptgTmStmp", "no reporting timestamp and no RptHdr/RptExctnDt");
            }
            if (!f.ok()) {
                return f.failure();
            }
            BigDecimal qty = gone ? BigDecimal.ZERO : notional;
            return new SourcePosition(firm, account, seg, attrs, isLong ? qty : BigDecimal.ZERO,
                    isLong ? BigDecimal.ZERO : qty, null, null, value, asOf, null, ReportAction.NEW,
                    Lineage.of(ID, source.name(), record, location, source.submissionId()));
        }

        private static Boolean direction(Counterparty45 rptg, Fields f) {
            var d = rptg.getDrctnOrSd();
            if (d != null && d.getCtrPtySd() != null) {
                return "BYER".equals(d.getCtrPtySd().value());
            }
            if (d != null && d.getDrctn() != null) {
                return "TAKE".equals(d.getDrctn().getDrctnOfTheFrstLeg().value());
            }
            f.fail(ReasonCode.MISSING_FIELD, "RptgCtrPty/DrctnOrSd", "the reporting counterparty's side (CtrPtySd) or"
                    + " first-leg direction (Drctn) is required");
            return null;
        }

        private static void contract(ContractType15 c, Fields f, Map<String, String> attrs) {
            put(attrs, "assetClass", c.getAsstClss() == null ? null : c.getAsstClss().value());
            put(attrs, Attr.SECURITY_TYPE, c.getCtrctTp() == null ? null : c.getCtrctTp().value());
            put(attrs, Attr.CFI, f.cfi("CtrctData/PdctClssfctn", c.getPdctClssfctn(), false));
            String upi = null;
            String isin = null;
            if (c.getPdctId() != null) {
                isin = f.isin("CtrctData/PdctId/ISIN", c.getPdctId().getISIN(), false);
                if (c.getPdctId().getUnqPdctIdr() != null) {
                    upi = c.getPdctId().getUnqPdctIdr().getId();
                    if (upi != null) {
                        String u = upi;
                        Identifiers.checkUpi(u).ifPresent(p -> f.fail(ReasonCode.INVALID_VALUE,
                                "CtrctData/PdctId/UnqPdctIdr/Id", p));
                    }
                }
            }
            if (upi == null && isin == null) {
                f.fail(ReasonCode.MISSING_FIELD, "CtrctData/PdctId", "a UPI or an ISIN identifies the product");
            }
            put(attrs, Attr.UPI, upi);
            put(attrs, Attr.ISIN, isin);
            put(attrs, Attr.UNDERLYING, underlying(c.getUndrlygInstrm()));
        }

        private static String underlying(SecurityIdentification41Choice u) {
            if (u == null) {
                return null;
            }
            if (u.getISIN() != null) {
                return u.getISIN();
            }
            if (u.getIndx() != null) {
                return u.getIndx().getNm() != null ? u.getIndx().getNm()
                        : u.getIndx().getIndx() != null ? u.getIndx().getIndx() : u.getIndx().getISIN();
            }
            if (u.getUnqPdctIdr() != null) {
                return u.getUnqPdctIdr().getId();
            }
            if (u.getOthr() != null) {
                return u.getOthr().getId();
            }
            return u.getAltrntvInstrmId();
        }

        private static void option(OptionOrSwaption11 o, Map<String, String> attrs) {
            if (o == null) {
                return;
            }
            if (o.getTp() != null) {
                switch (o.getTp().value()) {
                    case "CALL" -> attrs.put(Attr.PUT_CALL, "CALL");
                    case "PUTO" -> attrs.put(Attr.PUT_CALL, "PUT");
                    default -> { }
                }
            }
            SecuritiesTransactionPrice17Choice p = o.getStrkPric();
            BigDecimal strike = p == null ? null : p.getUnit() != null ? p.getUnit() : p.getDcml() != null ? p.getDcml()
                    : p.getPctg() != null ? p.getPctg() : p.getYld() != null ? p.getYld()
                    : p.getMntryVal() == null ? null : signed(p.getMntryVal().getAmt().getValue(), p.getMntryVal().isSgn());
            put(attrs, Attr.STRIKE, strike == null ? null : strike.toPlainString());
        }

        /** Cleared status as a term, and the segregation class it implies (see the class comment). */
        private static SegregationClass clearing(TradeTransaction50 tx, Fields f, Map<String, String> attrs) {
            var sts = tx.getTradClr() == null ? null : tx.getTradClr().getClrSts();
            if (sts == null) {
                f.fail(ReasonCode.MISSING_FIELD, "TxData/TradClr/ClrSts", "the cleared status is required");
                return null;
            }
            if (sts.getClrd() == null) {
                attrs.put("term.cleared", sts.getIntndToClear() != null ? "INTEND" : "N");
                return SegregationClass.CFTC_HOUSE;
            }
            attrs.put("term.cleared", "Y");
            ClearingPartyAndTime22 d = sts.getClrd().getDtls();
            String origin = d == null || d.getClrAcctOrgn() == null ? null : d.getClrAcctOrgn().value();
            if (d != null && d.getCCP() != null) {
                put(attrs, "term.ccp", d.getCCP().getLEI());
            }
            if ("CLIE".equals(origin)) {
                return SegregationClass.CFTC_4D_F_LSOC;
            }
            if ("HOUS".equals(origin)) {
                return SegregationClass.CFTC_HOUSE;
            }
            f.fail(ReasonCode.UNKNOWN_SEGREGATION_CLASS, "TxData/TradClr/ClrSts/Clrd/Dtls/ClrAcctOrgn", "a cleared"
                    + " trade needs its clearing account origin (CLIE or HOUS) to be placed in a segregation class");
            return null;
        }

        private static String portfolio(CollateralPortfolioCode6Choice c) {
            if (c == null) {
                return null;
            }
            if (c.getPrtfl() != null) {
                return c.getPrtfl().getCd();
            }
            var m = c.getMrgnPrtflCd();
            if (m != null && m.getInitlMrgnPrtflCd() != null && m.getInitlMrgnPrtflCd().getPrtfl() != null) {
                return m.getInitlMrgnPrtflCd().getPrtfl().getCd();
            }
            if (m != null && m.getVartnMrgnPrtflCd() != null && m.getVartnMrgnPrtflCd().getPrtfl() != null) {
                return m.getVartnMrgnPrtflCd().getPrtfl().getCd();
            }
            return null;
        }

        // ---- auth.108 margin data -> collateral lines

        private void margin(TradeReport34Choice r, String location) {
            MarginReportData9 m = r.getNew() != null ? r.getNew() : r.getMrgnUpd() != null ? r.getMrgnUpd()
                    : r.getCrrctn() != null ? r.getCrrctn() : null;
            if (m == null) {
                items++;
                emit(new RecordFailure(ID, source.name(), items, location, ReasonCode.INVALID_VALUE, "Rpt/Err",
                        "an error report (Err) cancels an earlier margin report; Concord keeps no margin history to"
                                + " cancel, so it is not applied", Map.of()));
                return;
            }
            var cp = m.getCtrPtyId();
            Map<String, String> raw = new LinkedHashMap<>();
            String ownerRaw = lei108(cp.getRptgCtrPty().getId());
            String other = cp.getOthrCtrPty().getIdTp() == null ? null : lei108(cp.getOthrCtrPty().getIdTp());
            String uti = m.getTxId() == null ? null : m.getTxId().getUnqTxIdr();
            String category = m.getColl().getCollstnCtgy().value();
            put(raw, "RptgCtrPty", ownerRaw);
            put(raw, "OthrCtrPty", other);
            raw.put("CollstnCtgy", category);
            boolean cleared = cp.getOthrCtrPty().getNtr() != null && cp.getOthrCtrPty().getNtr().getCntrlCntrPty() != null;
            LocalDate asOf = m.getEvtDt() != null ? date(m.getEvtDt())
                    : m.getRptgTmStmp() != null ? date(m.getRptgTmStmp()) : reportDate;
            var coll = m.getColl().getCollPrtflCd();
            String portfolio = coll.getPrtfl() != null ? coll.getPrtfl().getCd() : null;
            String imPortfolio = portfolio;
            String vmPortfolio = portfolio;
            if (coll.getMrgnPrtflCd() != null) {
                var mp = coll.getMrgnPrtflCd();
                imPortfolio = mp.getInitlMrgnPrtflCd() == null || mp.getInitlMrgnPrtflCd().getPrtfl() == null ? null
                        : mp.getInitlMrgnPrtflCd().getPrtfl().getCd();
                vmPortfolio = mp.getVartnMrgnPrtflCd() == null || mp.getVartnMrgnPrtflCd().getPrtfl() == null ? null
                        : mp.getVartnMrgnPrtflCd().getPrtfl().getCd();
            }
            String byTrade = uti == null ? null : "UTI:" + uti;
            List<Amounts> amounts = new ArrayList<>();
            var p = m.getPstdMrgnOrColl();
            if (p != null) {
                amounts.add(new Amounts("PstdMrgnOrColl/InitlMrgnPstd", Purpose.IM, Direction.POSTED,
                        p.getInitlMrgnPstdPreHrcut(), p.getInitlMrgnPstdPstHrcut(), imPortfolio));
                amounts.add(new Amounts("PstdMrgnOrColl/VartnMrgnPstd", Purpose.VM, Direction.POSTED,
                        p.getVartnMrgnPstdPreHrcut(), p.getVartnMrgnPstdPstHrcut(), vmPortfolio));
                amounts.add(new Amounts("PstdMrgnOrColl/XcssCollPstd", Purpose.EXCESS, Direction.POSTED,
                        p.getXcssCollPstd(), null, portfolio != null ? portfolio : imPortfolio));
            }
            var rc = m.getRcvdMrgnOrColl();
            if (rc != null) {
                amounts.add(new Amounts("RcvdMrgnOrColl/InitlMrgnRcvd", Purpose.IM, Direction.RECEIVED,
                        rc.getInitlMrgnRcvdPreHrcut(), rc.getInitlMrgnRcvdPstHrcut(), imPortfolio));
                amounts.add(new Amounts("RcvdMrgnOrColl/VartnMrgnRcvd", Purpose.VM, Direction.RECEIVED,
                        rc.getVartnMrgnRcvdPreHrcut(), rc.getVartnMrgnRcvdPstHrcut(), vmPortfolio));
                amounts.add(new Amounts("RcvdMrgnOrColl/XcssCollRcvd", Purpose.EXCESS, Direction.RECEIVED,
                        rc.getXcssCollRcvd(), null, portfolio != null ? portfolio : imPortfolio));
            }
            amounts.removeIf(a -> a.pre == null && a.post == null);
            if (amounts.isEmpty()) {
                items++;
                Fields f = new Fields(source, items, location, raw);
                f.fail(ReasonCode.MISSING_FIELD, "PstdMrgnOrColl", "the report carries no margin or collateral amount");
                emit(f.failure());
                return;
            }
            for (Amounts a : amounts) {
                items++;
                String where = location + " " + a.element;
                Fields f = new Fields(source, items, where, raw);
                String owner = f.firm("CtrPtyId/RptgCtrPty/Id/Lgl/Id/LEI", ownerRaw, true);
                String account = a.portfolio != null ? a.portfolio : byTrade;
                if (account == null) {
                    f.fail(ReasonCode.MISSING_FIELD, "Coll/CollPrtflCd", "no collateral portfolio code and no UTI to"
                            + " name the account by");
                }
                if (asOf == null) {
                    f.fail(ReasonCode.MISSING_FIELD, "EvtDt", "no event date, reporting timestamp or report date");
                }
                String ccy = a.pre != null ? a.pre.getCcy() : a.post.getCcy();
                if (a.pre != null && a.post != null && !a.pre.getCcy().equals(a.post.getCcy())) {
                    f.fail(ReasonCode.INCONSISTENT_VALUES, a.element, "pre-haircut amount in " + a.pre.getCcy()
                            + ", post-haircut amount in " + a.post.getCcy());
                }
                BigDecimal pre = a.pre == null ? null : a.pre.getValue();
                BigDecimal post = a.post == null ? null : a.post.getValue();
                if (pre != null && post != null && post.compareTo(pre) > 0) {
                    f.fail(ReasonCode.INCONSISTENT_VALUES, a.element, "post-haircut value " + post.toPlainString()
                            + " exceeds pre-haircut value " + pre.toPlainString());
                }
                if (!f.ok()) {
                    emit(f.failure());
                    continue;
                }
                BigDecimal haircut = pre != null && post != null && pre.signum() > 0
                        ? BigDecimal.ONE.subtract(post.divide(pre, MathContext.DECIMAL64)).movePointRight(2)
                        .stripTrailingZeros() : null;
                SegregationClass seg = cleared
                        ? cp.getClrMmb() != null ? SegregationClass.CFTC_4D_F_LSOC : SegregationClass.CFTC_HOUSE
                        : a.purpose == Purpose.IM ? SegregationClass.UNCLEARED_IM_SEG : SegregationClass.CFTC_HOUSE;
                Map<String, String> attrs = new LinkedHashMap<>();
                attrs.put(Attr.FEED, ID);
                attrs.put("assetType", "MARGIN_AMOUNT");
                attrs.put(Attr.CURRENCY, ccy);
                attrs.put("collateralisation", category);
                put(attrs, "otherCounterparty", other);
                CollateralLine line = new CollateralLine(asOf, ID, owner, account, seg, null,
                        new CollateralLine.AssetIds(null, null, null, ccy), null, false, null, null, null, null, null,
                        pre, ccy, haircut, haircut == null ? null : "reported pre- and post-haircut values (auth.108)",
                        post, a.purpose, a.direction, category, Lineage.of(ID, source.name(), items, where, source.submissionId()));
                emit(new SourceCollateral(line, attrs));
            }
        }

        private record Amounts(String element, Purpose purpose, Direction direction,
                               ActiveOrHistoricCurrencyAnd20DecimalAmount pre,
                               ActiveOrHistoricCurrencyAnd20DecimalAmount post, String portfolio) {
        }
    }

    private static String join(List<XmlSchemas.Problem> problems) {
        return String.join("; ", problems.stream().map(XmlSchemas.Problem::toString).toList());
    }

    private static String lei(io.concord.model.iso20022.auth030.PartyIdentification248Choice id) {
        return id == null || id.getLgl() == null ? null : id.getLgl().getId().getLEI();
    }

    private static String other(io.concord.model.iso20022.auth030.PartyIdentification248Choice id) {
        if (id == null || id.getLgl() == null) {
            return null;
        }
        var o = id.getLgl().getId();
        return o.getLEI() != null ? o.getLEI() : o.getAnyBIC() != null ? o.getAnyBIC()
                : o.getOthr() == null ? null : o.getOthr().getId().getId();
    }

    private static String lei108(io.concord.model.iso20022.auth108.PartyIdentification248Choice id) {
        return id == null || id.getLgl() == null ? null : id.getLgl().getId().getLEI();
    }

    private static BigDecimal signed(BigDecimal v, Boolean plus) {
        return Boolean.FALSE.equals(plus) ? v.negate() : v;
    }

    private static LocalDate date(XMLGregorianCalendar c) {
        return c == null ? null : LocalDate.of(c.getYear(), c.getMonth(), c.getDay());
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

}
