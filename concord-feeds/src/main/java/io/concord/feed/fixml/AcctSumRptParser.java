package io.concord.feed.fixml;

import io.concord.feed.Attr;
import io.concord.feed.FeedParser;
import io.concord.feed.XmlBinding;
import io.concord.feed.Fields;
import io.concord.feed.RecordFailure;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceCollateral;
import io.concord.feed.SourceFile;
import io.concord.model.CollateralLine;
import io.concord.model.Lineage;
import io.concord.model.ReasonCode;
import io.concord.model.SegregationClass;
import jakarta.xml.bind.JAXBException;

import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cftc-acctsum}: a DCO's collateral on deposit, FIXML {@code AcctSumRpt} (one, or a {@code Batch}), one
 * report per clearing participant (party role 4, an LEI) and fund segregation type ({@code FundSegTyp}). Each
 * {@code CollAmt} group becomes one collateral line posted by the participant as initial margin, held at the
 * clearing organization (party role 21). Account: the group's portfolio ({@code PrtflID}), else the position
 * account (party role 38), else the participant's account of that segregation type ({@code FundSegTyp}).
 * With {@code HaircutInd=Y} the amount is the value after the DCO's haircut (the haircut is derived when
 * {@code Qty} and {@code MktPx} give the market value); with {@code N} it is the market value.
 */
public final class AcctSumRptParser implements FeedParser {

    public static final String ID = "cftc-acctsum";
    private static final XmlBinding BINDING = XmlBinding.of("FIXML AcctSumRpt", AcctSumRptXml.class);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "DCO collateral on deposit, FIXML AcctSumRpt per clearing participant and fund segregation type";
    }

    @Override
    public boolean sniff(String head) {
        return head.contains("<FIXML") && head.contains("AcctSumRpt");
    }

    @Override
    public RecordStream open(InputStream in, SourceFile source) {
        return new Stream(in, source);
    }

    /**
     * Fund segregation type to segregation class (case-insensitive); anything else is rejected:
     * <pre>
     * CUSTOMER_SEGREGATED   futures customer funds, CEA 4d(a)         CFTC_4D_FUT
     * SECURED_30_7          foreign futures secured amount, 30.7     CFTC_30_7
     * CLEARED_SWAPS         cleared swaps customer (LSOC), 4d(f)     CFTC_4D_F_LSOC
     * HOUSE                 proprietary / house origin               CFTC_HOUSE
     * CROSS_MARGIN          cross-margining account                  XM
     * SBS_CUSTOMER          security-based swap customer, 18a-4      SEC_SBS_18A_4
     * </pre>
     */
    static Optional<SegregationClass> segregation(String fundSegTyp) {
        return switch (fundSegTyp.toUpperCase(Locale.ROOT)) {
            case "CUSTOMER_SEGREGATED" -> Optional.of(SegregationClass.CFTC_4D_FUT);
            case "SECURED_30_7" -> Optional.of(SegregationClass.CFTC_30_7);
            case "CLEARED_SWAPS" -> Optional.of(SegregationClass.CFTC_4D_F_LSOC);
            case "HOUSE" -> Optional.of(SegregationClass.CFTC_HOUSE);
            case "CROSS_MARGIN" -> Optional.of(SegregationClass.XM);
            case "SBS_CUSTOMER" -> Optional.of(SegregationClass.SEC_SBS_18A_4);
            default -> Optional.empty();
        };
    }

    private static final class Stream extends FixmlStream {
        private long items;

        Stream(InputStream in, SourceFile source) {
            super(in, source, BINDING.context(), "AcctSumRpt");
        }

        @Override
        protected void message(XMLStreamReader reader, String location, long n) throws JAXBException {
            report(unmarshaller.unmarshal(reader, AcctSumRptXml.class).getValue(), location);
        }

        private void report(AcctSumRptXml r, String location) {
            if (r.collateral.isEmpty()) {
                items++;
                emit(new RecordFailure(ID, source.name(), items, location, ReasonCode.MISSING_FIELD, "CollAmt",
                        "the report carries no CollAmt group", Map.of("RptID", String.valueOf(r.rptId))));
                return;
            }
            int k = 0;
            for (AcctSumRptXml.CollAmt c : r.collateral) {
                k++;
                items++;
                emit(line(r, c, items, location + " CollAmt[" + k + "]"));
            }
        }

        private io.concord.feed.FeedItem line(AcctSumRptXml r, AcctSumRptXml.CollAmt c, long record, String location) {
            Map<String, String> raw = new LinkedHashMap<>();
            put(raw, "RptID", r.rptId);
            put(raw, "BizDt", r.bizDt);
            put(raw, "FundSegTyp", r.fundSegTyp);
            r.parties.forEach(p -> put(raw, "Pty[R=" + p.role + "]", p.id));
            put(raw, "Amt", c.amt);
            put(raw, "Ccy", c.ccy);
            put(raw, "Typ", c.typ);
            put(raw, "HaircutInd", c.haircutInd);
            put(raw, "PrtflID", c.prtflId);
            put(raw, "Qty", c.qty);
            put(raw, "MktPx", c.mktPx);
            put(raw, "FXRate", c.fxRate);
            put(raw, "ID", c.id);
            Fields f = new Fields(source, record, location, raw);
            String participant = null;
            String account = null;
            String dco = null;
            for (PosRptXml.Pty p : r.parties) {
                switch (p.role == null ? "" : p.role) {
                    case "4" -> participant = f.firm("Pty[@R=4]/@ID", p.id, true);
                    case "38" -> account = Fields.clean(p.id);
                    case "21" -> dco = Fields.clean(p.id);
                    default -> { }
                }
            }
            if (participant == null) {
                f.required("Pty[@R=4]/@ID", null);
            }
            LocalDate asOf = f.date("@BizDt", r.bizDt, true);
            SegregationClass seg = f.parse("@FundSegTyp", r.fundSegTyp, true, AcctSumRptParser::segregation,
                    ReasonCode.UNKNOWN_SEGREGATION_CLASS, "CUSTOMER_SEGREGATED, SECURED_30_7, CLEARED_SWAPS, HOUSE,"
                            + " CROSS_MARGIN or SBS_CUSTOMER");
            String reportCcy = f.required("@Ccy", r.ccy);
            BigDecimal amount = f.quantity("CollAmt/@Amt", c.amt, true);
            String ccy = f.required("CollAmt/@Ccy", c.ccy);
            String type = f.required("CollAmt/@Typ", c.typ);
            Boolean afterHaircut = f.parse("CollAmt/@HaircutInd", c.haircutInd, true, AcctSumRptParser::yesNo,
                    ReasonCode.INVALID_VALUE, "Y or N");
            BigDecimal qty = f.quantity("CollAmt/@Qty", c.qty, false);
            BigDecimal price = f.decimal("CollAmt/@MktPx", c.mktPx, false);
            BigDecimal fx = f.decimal("CollAmt/@FXRate", c.fxRate, false);
            if (fx != null && ccy != null && ccy.equals(reportCcy) && fx.compareTo(BigDecimal.ONE) != 0) {
                f.fail(ReasonCode.INCONSISTENT_VALUES, "CollAmt/@FXRate", "FX rate " + fx.toPlainString()
                        + " for collateral already in the report currency " + reportCcy);
            }
            String isin = null;
            String cusip = null;
            if ("4".equals(c.src)) {
                isin = f.isin("CollAmt/@ID", c.id, true);
            } else if ("1".equals(c.src)) {
                cusip = f.cusip("CollAmt/@ID", c.id, true);
            } else if (Fields.clean(c.id) != null) {
                f.fail(ReasonCode.INVALID_VALUE, "CollAmt/@Src", "security ID source must be 1 (CUSIP) or 4 (ISIN),"
                        + " got '" + c.src + "'");
            }
            if (dco == null) {
                f.required("Pty[@R=21]/@ID", null);
            }
            if (!f.ok()) {
                return f.failure();
            }
            BigDecimal market = qty != null && price != null ? marketValue(qty, price, type) : null;
            BigDecimal marketValue = afterHaircut ? market : amount;
            BigDecimal post = afterHaircut ? amount : null;
            BigDecimal haircut = afterHaircut && market != null && market.signum() > 0
                    ? BigDecimal.ONE.subtract(amount.divide(market, MathContext.DECIMAL64)).movePointRight(2)
                    .stripTrailingZeros() : null;
            if (haircut != null && haircut.signum() < 0) {
                return new RecordFailure(ID, source.name(), record, location, ReasonCode.INCONSISTENT_VALUES,
                        "CollAmt/@Amt", "value after haircut " + amount.toPlainString() + " exceeds the market value "
                        + market.toPlainString() + " (Qty x MktPx)", raw);
            }
            String acct = Fields.clean(c.prtflId) != null ? c.prtflId.trim() : account != null ? account
                    : r.fundSegTyp.trim().toUpperCase(Locale.ROOT);
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put(Attr.FEED, ID);
            attrs.put("collateralType", type.toUpperCase(Locale.ROOT));
            attrs.put(Attr.CURRENCY, ccy);
            put(attrs, Attr.ISIN, isin);
            put(attrs, Attr.CUSIP, cusip);
            put(attrs, "riskId", isin != null ? isin : cusip);
            CollateralLine line = new CollateralLine(asOf, ID, participant, acct, seg, dco,
                    new CollateralLine.AssetIds(isin, cusip, null, ccy), null, false, null, null, null, qty, price,
                    marketValue, ccy, haircut, afterHaircut ? "DCO (CollAmt HaircutInd=Y)" : null, post,
                    CollateralLine.Purpose.IM, CollateralLine.Direction.POSTED, null,
                    Lineage.of(ID, source.name(), record, location, source.submissionId()));
            return new SourceCollateral(line, attrs);
        }
    }

    /** Market value of {@code qty} at {@code price}: bonds are priced in percent of face, the rest per unit. */
    static BigDecimal marketValue(BigDecimal qty, BigDecimal price, String type) {
        BigDecimal v = qty.multiply(price);
        return type.toUpperCase(Locale.ROOT).startsWith("UST_") ? v.movePointLeft(2) : v;
    }

    static Optional<Boolean> yesNo(String v) {
        return switch (v) {
            case "Y" -> Optional.of(true);
            case "N" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
