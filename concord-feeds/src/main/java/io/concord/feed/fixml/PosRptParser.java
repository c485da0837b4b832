package io.concord.feed.fixml;

import io.concord.feed.Attr;
import io.concord.feed.FeedItem;
import io.concord.feed.FeedParser;
import io.concord.feed.XmlBinding;
import io.concord.feed.Fields;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceFile;
import io.concord.feed.SourcePosition;
import io.concord.feed.XmlRecordStream;
import io.concord.model.Lineage;
import io.concord.model.PutCall;
import io.concord.model.ReasonCode;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;
import jakarta.xml.bind.JAXBException;

import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code cftc-fixml-posrpt}: FIXML position reports, one {@code PosRpt} or a {@code Batch} of them, read by the
 * shared {@link XmlRecordStream} walk: JAXB binds one {@code PosRpt} at a time, so memory does not grow with the
 * file.
 */
public final class PosRptParser implements FeedParser {

    public static final String ID = "cftc-fixml-posrpt";
    private static final XmlBinding BINDING = XmlBinding.of("FIXML PosRpt", PosRptXml.class);
    private static final Pattern MMY = Pattern.compile("\\d{6}(\\d{2}|w[1-5])?");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "CFTC Part 17 FIXML PosRpt batches (Actn=1 new replaces, 2 change)";
    }

    @Override
    public boolean sniff(String head) {
        return head.contains("<FIXML") && head.contains("PosRpt");
    }

    private static final Pattern FIRST_MESSAGE = Pattern.compile("<(?:[A-Za-z0-9_]+:)?(?!FIXML\\b|Batch\\b|Hdr\\b)"
            + "([A-Z][A-Za-z0-9]*)[\\s/>]");

    /** A FIXML document with neither a PosRpt nor an AcctSumRpt: names the message it holds. */
    @Override
    public String nearMiss(String head) {
        int root = head.indexOf("<FIXML");
        if (root < 0 || head.contains("PosRpt") || head.contains("AcctSumRpt")) {
            return null;
        }
        java.util.regex.Matcher m = FIRST_MESSAGE.matcher(head);
        String found = m.find(root + 1) ? m.group(1) : "no message";
        return "FIXML holding " + found + ", which no feed reads: Concord reads FIXML PosRpt (" + ID + ") and"
                + " AcctSumRpt (cftc-acctsum)";
    }

    @Override
    public RecordStream open(InputStream in, SourceFile source) {
        return new Stream(in, source);
    }

    private static final class Stream extends FixmlStream {

        Stream(InputStream in, SourceFile source) {
            super(in, source, BINDING.context(), "PosRpt");
        }

        @Override
        protected void message(XMLStreamReader reader, String location, long n) throws JAXBException {
            PosRptXml rpt = unmarshaller.unmarshal(reader, PosRptXml.class).getValue();
            String legacy = legacyName(rpt);
            if (legacy != null) {
                endWith(ReasonCode.MALFORMED_FILE, "PosRpt " + legacy + " is a pre-5.0 FIXML name (FIX 4.x): this"
                        + " feed reads FIX 5.0 SP2 FIXML, whose abbreviations are Pty/@R, Pty/@ID, Qty/@Typ");
                return;
            }
            emit(convert(rpt, n, location));
        }

        /** A FIX 4.x attribute name the report carries instead of its FIX 5.0 abbreviation, or null. */
        private static String legacyName(PosRptXml r) {
            for (PosRptXml.Pty p : r.parties) {
                if (p.role == null && p.legacyRole != null) {
                    return "Pty/@Role";
                }
            }
            return null;
        }

        private FeedItem convert(PosRptXml r, long record, String location) {
            Map<String, String> raw = raw(r);
            Fields f = new Fields(source, record, location, raw);
            String firm = null;
            String account = null;
            String clearingOrg = null;
            for (PosRptXml.Pty p : r.parties) {
                switch (p.role == null ? "" : p.role) {
                    case "4" -> firm = f.firm("Pty[@R=4]/@ID", p.id, true);
                    case "38" -> account = p.id;
                    case "21" -> clearingOrg = Fields.clean(p.id);
                    default -> { }
                }
            }
            if (firm == null) {
                f.required("Pty[@R=4]/@ID", null);
            }
            if (account == null && Fields.clean(r.acct) != null) {
                account = Fields.clean(r.acct);
            }
            account = f.required("Pty[@R=38]/@ID", account);
            LocalDate asOf = f.date("@BizDt", r.bizDt, true);
            // FIX 5.0 SP2 PositionReport has no PosMaintAction: a report without Actn is the position as it stands
            // (a full snapshot, NEW); Actn=2 (a Part 17 extension) changes only the quantities it carries
            ReportAction action = Fields.clean(r.actn) == null ? ReportAction.NEW
                    : f.parse("@Actn", r.actn, true, PosRptParser::action, ReasonCode.INVALID_VALUE,
                    "1 (new) or 2 (change), or absent (a full snapshot)");
            SegregationClass seg = f.parse("@AcctTyp", r.acctTyp, true, PosRptParser::segregation,
                    ReasonCode.UNKNOWN_SEGREGATION_CLASS, "1, 2, 3, 6 or 7");
            BigDecimal price = f.decimal("@SetPx", r.setPx, false);

            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put(Attr.FEED, ID);
            PosRptXml.Instrmt i = r.instrmt;
            if (i == null) {
                f.fail(ReasonCode.MISSING_FIELD, "Instrmt", "PosRpt has no Instrmt");
            } else {
                instrument(i, f, attrs);
            }
            if (clearingOrg != null) {
                attrs.put("clearingOrg", clearingOrg);
            }
            putIfPresent(attrs, Attr.CURRENCY, Fields.clean(r.ccy));

            BigDecimal longQty = BigDecimal.ZERO;
            BigDecimal shortQty = BigDecimal.ZERO;
            Map<String, BigDecimal[]> other = new LinkedHashMap<>();
            for (PosRptXml.Qty q : r.quantities) {
                String typ = f.required("Qty/@Typ", q.typ);
                BigDecimal l = f.quantity("Qty[@Typ=" + typ + "]/@Long", q.longQty, false);
                BigDecimal s = f.quantity("Qty[@Typ=" + typ + "]/@Short", q.shortQty, false);
                l = l == null ? BigDecimal.ZERO : l;
                s = s == null ? BigDecimal.ZERO : s;
                if ("FIN".equals(typ)) {
                    longQty = l;
                    shortQty = s;
                }
                if (typ != null) {
                    other.put(typ, new BigDecimal[] {l, s});
                }
            }
            if (!f.ok()) {
                return f.failure();
            }
            return new SourcePosition(firm, account, seg, attrs, longQty, shortQty, other, price, null, asOf, null,
                    action, Lineage.of(ID, source.name(), record, location, source.submissionId()));
        }

        private static void instrument(PosRptXml.Instrmt i, Fields f, Map<String, String> attrs) {
            String secTyp = Fields.clean(i.secTyp);
            if (secTyp == null) {
                secTyp = f.required("Instrmt/@SecTyp", securityType(Fields.clean(i.cfi)));
            }
            putIfPresent(attrs, Attr.EXCHANGE, Fields.clean(i.exch));
            String code = Fields.clean(i.sym);
            String src = Fields.clean(i.src);
            String id = Fields.clean(i.id);
            if (id != null && "4".equals(src)) {
                putIfPresent(attrs, Attr.ISIN, f.isin("Instrmt/@ID", id, true));
            } else if (id != null && "1".equals(src)) {
                putIfPresent(attrs, Attr.CUSIP, f.cusip("Instrmt/@ID", id, true));
            } else if (code == null && id != null && ("H".equals(src) || "8".equals(src))) {
                code = id;
            }
            if (code == null && attrs.get(Attr.ISIN) == null && attrs.get(Attr.CUSIP) == null) {
                f.fail(ReasonCode.MISSING_FIELD, "Instrmt/@Sym", "Instrmt has no Sym and no ID to identify it");
            }
            putIfPresent(attrs, Attr.CONTRACT_CODE, code);
            putIfPresent(attrs, Attr.SECURITY_TYPE, secTyp);
            putIfPresent(attrs, Attr.CFI, f.cfi("Instrmt/@CFI", i.cfi, false));
            String mmy = Fields.clean(i.mmy);
            if (mmy != null && !MMY.matcher(mmy).matches()) {
                f.fail(ReasonCode.INVALID_DATE, "Instrmt/@MMY", "MMY must be YYYYMM, YYYYMMDD or YYYYMMwN, got '"
                        + mmy + "'");
            }
            putIfPresent(attrs, Attr.MATURITY, mmy);
            LocalDate mat = f.date("Instrmt/@MatDt", i.matDt, false);
            putIfPresent(attrs, Attr.EXPIRY, mat == null ? null : mat.toString());
            boolean derivative = "FUT".equals(secTyp) || "OOF".equals(secTyp) || "OPT".equals(secTyp);
            if (derivative && mmy == null && mat == null) {
                f.fail(ReasonCode.MISSING_FIELD, "Instrmt/@MMY", secTyp + " needs MMY or MatDt");
            }
            boolean option = "OOF".equals(secTyp) || "OPT".equals(secTyp);
            BigDecimal strike = f.decimal("Instrmt/@StrkPx", i.strkPx, option);
            putIfPresent(attrs, Attr.STRIKE, strike == null ? null : strike.toPlainString());
            String cfi = attrs.get(Attr.CFI);
            String putCall = Fields.clean(i.putCall) != null || cfi == null || cfi.charAt(0) != 'O' ? i.putCall
                    : cfi.charAt(1) == 'C' ? "1" : cfi.charAt(1) == 'P' ? "0" : null; // CFI O[C|P]....
            PutCall pc = f.parse("Instrmt/@PutCall", putCall, option, PutCall::parse, ReasonCode.INVALID_VALUE,
                    "0 (put) or 1 (call)");
            putIfPresent(attrs, Attr.PUT_CALL, pc == null ? null : pc.name());
            BigDecimal mult = f.decimal("Instrmt/@Mult", i.mult, false);
            putIfPresent(attrs, Attr.MULTIPLIER, mult == null ? null : mult.stripTrailingZeros().toPlainString());
        }

        private static void putIfPresent(Map<String, String> m, String k, String v) {
            if (v != null) {
                m.put(k, v);
            }
        }

        private static Map<String, String> raw(PosRptXml r) {
            Map<String, String> m = new LinkedHashMap<>();
            putIfPresent(m, "RptID", r.rptId);
            putIfPresent(m, "BizDt", r.bizDt);
            putIfPresent(m, "Actn", r.actn);
            putIfPresent(m, "Acct", r.acct);
            putIfPresent(m, "AcctTyp", r.acctTyp);
            putIfPresent(m, "SetPx", r.setPx);
            for (PosRptXml.Pty p : r.parties) {
                putIfPresent(m, "Pty[R=" + p.role + "]", p.id);
            }
            if (r.instrmt != null) {
                PosRptXml.Instrmt i = r.instrmt;
                putIfPresent(m, "Sym", i.sym);
                putIfPresent(m, "ID", i.id);
                putIfPresent(m, "Src", i.src);
                putIfPresent(m, "Exch", i.exch);
                putIfPresent(m, "SecTyp", i.secTyp);
                putIfPresent(m, "CFI", i.cfi);
                putIfPresent(m, "MMY", i.mmy);
                putIfPresent(m, "MatDt", i.matDt);
                putIfPresent(m, "StrkPx", i.strkPx);
                putIfPresent(m, "PutCall", i.putCall);
                putIfPresent(m, "Mult", i.mult);
            }
            for (PosRptXml.Qty q : r.quantities) {
                putIfPresent(m, "Qty[" + q.typ + "]", q.longQty + "/" + q.shortQty);
            }
            return m;
        }
    }

    /**
     * The FIX SecurityType an ISO 10962 CFI code implies when a report gives only the CFI: futures (F) FUT;
     * options (O) OOF when the underlying attribute (the CFI's fourth letter) is F (futures), else OPT; equity
     * shares (ES) CS; null otherwise (the report must then give SecTyp).
     */
    static String securityType(String cfi) {
        if (cfi == null || cfi.length() != 6) {
            return null;
        }
        return switch (cfi.charAt(0)) {
            case 'F' -> "FUT";
            case 'O' -> cfi.charAt(3) == 'F' ? "OOF" : "OPT";
            case 'E' -> cfi.charAt(1) == 'S' ? "CS" : null;
            default -> null;
        };
    }

    static Optional<ReportAction> action(String v) {
        return switch (v) {
            case "1" -> Optional.of(ReportAction.NEW);
            case "2" -> Optional.of(ReportAction.CHANGE);
            default -> Optional.empty();
        };
    }

    /**
     * FIXML AcctTyp to segregation class: 1 customer → CEA 4d(a) futures customer; 2 non-customer and 3 house →
     * house (neither is customer-segregated); 6 and 7 (cross-margined) → XM.
     */
    static Optional<SegregationClass> segregation(String v) {
        return switch (v) {
            case "1" -> Optional.of(SegregationClass.CFTC_4D_FUT);
            case "2", "3" -> Optional.of(SegregationClass.CFTC_HOUSE);
            case "6", "7" -> Optional.of(SegregationClass.XM);
            default -> Optional.empty();
        };
    }
}
