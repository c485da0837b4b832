package io.concord.feed.nport;

import io.concord.feed.Attr;
import io.concord.feed.FeedParser;
import io.concord.feed.XmlBinding;
import io.concord.feed.Fields;
import io.concord.feed.FeedItem;
import io.concord.feed.RecordFailure;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceFile;
import io.concord.feed.SourcePosition;
import io.concord.feed.XmlRecordStream;
import io.concord.model.Lineage;
import io.concord.model.ReasonCode;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sec-nport}: Form N-PORT (EDGAR XML, namespace {@value NportXml#NS}). Each {@code invstOrSec} is one
 * holding of the fund and becomes one position:
 * <ul>
 *   <li>firm: the series LEI ({@code genInfo/seriesLei}), or the registrant's ({@code regLei}) when the series
 *   gives none; account: the series id ({@code seriesId}); as-of: {@code repPdDate}; segregation class
 *   {@code SEC_40_ACT_CUSTODY} for every holding (a registered fund's assets are in 17(f) custody). When the
 *   fund cannot be identified (no valid LEI, no series id, no report date) each holding is rejected with that
 *   reason, so every holding is still accounted for.</li>
 *   <li>identifiers: CUSIP, ISIN, ticker, other; {@code N/A} and {@code 000000000} mean absent; CUSIP and ISIN
 *   check digits are verified.</li>
 *   <li>quantity: the absolute {@code balance}; its direction comes from the derivative's own element (futures
 *   and forwards {@code payOffProf}; options, swaptions and warrants {@code writtenOrPur}; FX forwards without a
 *   payoff buy {@code curPur}; swaps receiving the fixed leg, or failing that the "other" leg, are long) and for
 *   other holdings from {@code payoffProfile} (Long/Short; N/A: the sign of {@code balance}). The direction is
 *   also a term ({@code term.direction}), so that a long and a short holding of one security (a TBA roll) stay
 *   two positions in the book instead of one replacing the other.</li>
 *   <li>attributes for the product definitions: {@code term.assetCat}, {@code term.issuerCat},
 *   {@code term.derivCat}, {@code term.underlyingDerivCat} (a nested derivative's category),
 *   {@code reference} (NESTED_DERIVATIVE, INDEX or INSTRUMENT), {@code underlying} (index identifier or name;
 *   the referenced instrument's ticker, ISIN, CUSIP, other identifier or issuer name), {@code maturityBucket}
 *   (debt: 0_2Y, 2_5Y, 5_10Y, 10Y_PLUS to maturity from the report date), {@code currencyPair} (FX forwards
 *   and swaps, also nested under an option: bought/sold) {@code riskId} (ticker, else CUSIP, ISIN or other
 *   identifier) and {@code title} (the holding's title of issue, e.g. {@code E-MINI NASDAQ 100 JUN23}: it tells an
 *   E-mini from a Micro E-mini future where the filer names the underlying by the index's ISIN alone).</li>
 * </ul>
 * Leading blank lines before the XML declaration (left by extracting the document from an EDGAR submission) are
 * skipped; line numbers still count them. The whole EDGAR submission ({@code .txt}: the SGML envelope with the
 * N-PORT XML between {@code <XML>} and {@code </XML>}) is read as the XML document it holds ({@link EdgarEnvelope}).
 */
public final class NportParser implements FeedParser {

    public static final String ID = "sec-nport";
    private static final XmlBinding BINDING = XmlBinding.of("N-PORT", NportXml.GenInfo.class,
            NportXml.InvstOrSec.class);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "SEC Form N-PORT holdings (invstOrSec with assetCat, issuerCat and derivativeInfo)";
    }

    @Override
    public boolean sniff(String head) {
        return head.contains("edgarSubmission") && head.contains(NportXml.NS);
    }

    @Override
    public RecordStream open(InputStream in, SourceFile source) {
        return new Stream(in, source);
    }

    private static final class Stream extends XmlRecordStream {
        private Unmarshaller unmarshaller;
        private String firm;
        private String account;
        private LocalDate asOf;
        private long ordinal;
        private boolean header;
        /** Why the fund cannot be identified, which then rejects each of its holdings; null when it can. */
        private RecordFailure headerProblem;
        /** How the fund and firm were identified (which genInfo fields), said in each holding's lineage. */
        private String identifiedBy;

        Stream(InputStream in, SourceFile source) {
            super(in, source);
        }

        @Override
        protected XMLStreamReader open(InputStream in) throws XMLStreamException {
            unmarshaller = unmarshallerOf(BINDING.context());
            int[] skipped = new int[1];
            InputStream document;
            try {
                document = EdgarEnvelope.unwrap(in, skipped);
            } catch (IOException e) {
                throw new XMLStreamException(e.getMessage(), e);
            }
            XMLStreamReader r = io.concord.feed.XmlInput.open(document, skipped);
            lineOffset += skipped[0];
            return r;
        }

        @Override
        protected String checkRoot(QName root) {
            return "edgarSubmission".equals(root.getLocalPart()) && NportXml.NS.equals(root.getNamespaceURI()) ? null
                    : "root element is " + root + ", expected {" + NportXml.NS + "}edgarSubmission";
        }

        @Override
        protected boolean element(XMLStreamReader reader, String name, String path)
                throws XMLStreamException, JAXBException {
            if ("genInfo".equals(name)) {
                at(path + " (line " + line() + ")");
                header(unmarshaller.unmarshal(reader, NportXml.GenInfo.class).getValue());
                return true;
            }
            if ("invstOrSec".equals(name)) {
                ordinal++;
                String location = path + "[" + ordinal + "] (line " + line() + ")";
                at(location);
                if (!header) {
                    endWith(ReasonCode.MALFORMED_FILE, "invstOrSec before genInfo: the fund is not known");
                    return true;
                }
                NportXml.InvstOrSec h = unmarshaller.unmarshal(reader, NportXml.InvstOrSec.class).getValue();
                emit(holding(h, ordinal, location));
                at("after invstOrSec[" + ordinal + "]");
                return true;
            }
            return false;
        }

        private void header(NportXml.GenInfo g) {
            Map<String, String> raw = new LinkedHashMap<>();
            put(raw, "regName", g.regName);
            put(raw, "regFileNumber", g.regFileNumber);
            put(raw, "regCik", g.regCik);
            put(raw, "regLei", g.regLei);
            put(raw, "seriesId", g.seriesId);
            put(raw, "seriesLei", g.seriesLei);
            put(raw, "repPdDate", g.repPdDate);
            Fields f = new Fields(source, 0, "genInfo", raw);
            String seriesLei = absent(g.seriesLei);
            String lei = seriesLei != null ? f.lei("genInfo/seriesLei", seriesLei, true)
                    : f.lei("genInfo/regLei", absent(g.regLei), true);
            String leiBasis = seriesLei != null ? "seriesLei" : "regLei (seriesLei N/A)";
            // seriesId is optional in the schema: a closed-end fund (Form N-2) or a UIT (Form S-6) has no series, and
            // is then known by its registrant's CIK, else its Investment Company Act file number
            String series = absent(g.seriesId);
            String cik = absent(g.regCik);
            String fileNumber = absent(g.regFileNumber);
            String fund;
            String fundBasis;
            if (series != null) {
                fund = series;
                fundBasis = "seriesId " + series;
            } else if (cik != null) {
                fund = "CIK:" + cik;
                fundBasis = "regCik " + cik + " (no seriesId)";
            } else if (fileNumber != null) {
                fund = "FILE:" + fileNumber;
                fundBasis = "regFileNumber " + fileNumber + " (no seriesId, no regCik)";
            } else {
                f.fail(ReasonCode.MISSING_FIELD, "genInfo/seriesId", "the filing names no seriesId, regCik or"
                        + " regFileNumber to identify the fund by");
                fund = null;
                fundBasis = null;
            }
            LocalDate date = f.date("genInfo/repPdDate", g.repPdDate, true);
            headerProblem = f.failure();
            header = true;
            firm = lei;
            account = fund;
            identifiedBy = "; fund " + fundBasis + ", firm " + leiBasis;
            asOf = date;
        }

        private FeedItem holding(NportXml.InvstOrSec h, long record, String location) {
            Map<String, String> raw = raw(h);
            Fields f = new Fields(source, record, location, raw);
            f.reportsFor(firm);
            if (headerProblem != null) {
                f.fail(headerProblem.code(), headerProblem.field(), "the fund cannot be identified: "
                        + headerProblem.message());
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put(Attr.FEED, ID);
            String cusip = f.cusip("cusip", absent(h.cusip), false);
            NportXml.Identifiers ids = h.identifiers == null ? new NportXml.Identifiers() : h.identifiers;
            String isin = f.isin("identifiers/isin", first(ids.isins), false);
            String ticker = first(ids.tickers);
            String other = first(ids.others);
            put(attrs, Attr.CUSIP, cusip);
            put(attrs, Attr.ISIN, isin);
            put(attrs, Attr.SYMBOL, ticker);
            String riskId = ticker != null ? ticker : cusip != null ? cusip : isin != null ? isin : other;
            put(attrs, "riskId", riskId);
            put(attrs, "title", absent(h.title));
            if (cusip == null && isin == null && ticker == null) {
                put(attrs, "term.otherId", other);
            }
            BigDecimal balance = f.decimal("balance", h.balance, true);
            f.required("units", h.units);
            String currency = h.curCd != null ? Fields.clean(h.curCd)
                    : h.currencyConditional == null ? null : Fields.clean(h.currencyConditional.curCd);
            put(attrs, Attr.CURRENCY, f.required("curCd", currency));
            BigDecimal valUsd = f.decimal("valUSD", h.valUSD, true);
            String assetCat = h.assetCat != null ? h.assetCat
                    : h.assetConditional == null ? null : h.assetConditional.assetCat;
            String issuerCat = h.issuerCat != null ? h.issuerCat
                    : h.issuerConditional == null ? null : h.issuerConditional.issuerCat;
            put(attrs, "term.assetCat", f.required("assetCat", assetCat));
            put(attrs, "term.issuerCat", f.required("issuerCat", issuerCat));
            if (h.debtSec != null) {
                LocalDate maturity = f.date("debtSec/maturityDt", h.debtSec.maturityDt, false);
                if (maturity != null) {
                    attrs.put(Attr.EXPIRY, maturity.toString());
                    attrs.put(Attr.MATURITY_BUCKET, Fields.maturityBucket(asOf, maturity));
                }
            }
            List<NportXml.Derivative> derivatives = h.derivativeInfo == null ? List.of() : h.derivativeInfo.present();
            Boolean isLong;
            if (derivatives.size() > 1) {
                f.fail(ReasonCode.INVALID_VALUE, "derivativeInfo", "derivativeInfo holds " + derivatives.size()
                        + " derivatives; N-PORT allows one per holding");
                isLong = null;
            } else if (derivatives.size() == 1) {
                isLong = derivative(derivatives.get(0), f, attrs, balance);
                notional(derivatives.get(0), attrs, currency, h.currencyConditional == null ? null
                        : Fields.clean(h.currencyConditional.exchangeRt));
            } else {
                isLong = byPayoff(h.payoffProfile, balance, f, "payoffProfile");
            }
            if (!f.ok()) {
                return f.failure();
            }
            BigDecimal qty = balance.abs();
            // a fund may hold one security both long and short (e.g. a TBA roll): the direction keeps them apart
            attrs.put("term.direction", isLong ? "LONG" : "SHORT");
            return new SourcePosition(firm, account, SegregationClass.SEC_40_ACT_CUSTODY, attrs,
                    isLong ? qty : BigDecimal.ZERO, isLong ? BigDecimal.ZERO : qty, null, null, valUsd, asOf, null,
                    ReportAction.NEW, Lineage.of(ID, source.name(), record, location + identifiedBy,
                    source.submissionId()));
        }

        /** Puts the derivative's attributes and returns its direction (true long), null when it has none. */
        private static Boolean derivative(NportXml.Derivative d, Fields f, Map<String, String> attrs,
                                          BigDecimal balance) {
            String cat = f.required("derivativeInfo/@derivCat", d.derivCat);
            put(attrs, "term.derivCat", cat);
            String expiry = d.expDate != null ? d.expDate : d.expDt != null ? d.expDt
                    : d.settlementDt != null ? d.settlementDt : d.terminationDt;
            LocalDate exp = f.date("derivativeInfo/" + cat + " expiry", expiry, false);
            if (exp != null) {
                attrs.put(Attr.EXPIRY, exp.toString());
            }
            if (d.descRefInstrmnt != null) {
                reference(d.descRefInstrmnt, f, attrs);
            }
            if (d.curPur != null) {
                currencies(d, attrs);
            }
            if (cat == null) {
                return null;
            }
            switch (cat) {
                case "OPT", "SWO", "WAR" -> {
                    BigDecimal strike = f.decimal("exercisePrice", absent(d.exercisePrice), false);
                    put(attrs, Attr.STRIKE, strike == null ? null : strike.toPlainString());
                    String pc = f.parse("putOrCall", d.putOrCall, true, NportParser::putCall,
                            ReasonCode.INVALID_VALUE, "Call or Put");
                    put(attrs, Attr.PUT_CALL, pc);
                    return f.parse("writtenOrPur", d.writtenOrPur, true, NportParser::purchased,
                            ReasonCode.INVALID_VALUE, "Purchased or Written");
                }
                case "FUT", "FWD" -> {
                    if ("FWD".equals(cat) && absent(d.payOffProf) == null && d.curPur != null) {
                        // long the pair's base currency when the fund buys it, short when it sells it
                        String pair = attrs.get("currencyPair");
                        return pair == null || pair.startsWith(Fields.clean(d.curPur) + "/");
                    }
                    return f.parse("payOffProf", d.payOffProf, true, NportParser::longShort, ReasonCode.INVALID_VALUE,
                            "Long or Short");
                }
                case "SWP" -> {
                    Boolean dir = swapDirection(d);
                    if (dir == null) {
                        f.fail(ReasonCode.INVALID_VALUE, "swapDeriv", "swap direction cannot be derived: it must"
                                + " receive or pay exactly one fixed leg, or else exactly one other leg");
                    }
                    return dir;
                }
                case "OTH" -> {
                    return byPayoff(null, balance, f, "balance");
                }
                default -> {
                    f.fail(ReasonCode.INVALID_VALUE, "derivativeInfo/@derivCat", "derivCat must be FWD, FUT, SWP,"
                            + " OPT, SWO, WAR or OTH, got '" + cat + "'");
                    return null;
                }
            }
        }

        private static void reference(NportXml.RefInstrument r, Fields f, Map<String, String> attrs) {
            if (r.nestedDerivInfo != null) {
                attrs.put("reference", "NESTED_DERIVATIVE");
                List<NportXml.Derivative> nested = r.nestedDerivInfo.present();
                if (nested.size() != 1) {
                    f.fail(ReasonCode.INVALID_VALUE, "nestedDerivInfo", "nestedDerivInfo must hold one derivative, has "
                            + nested.size());
                    return;
                }
                NportXml.Derivative n = nested.get(0);
                put(attrs, "term.underlyingDerivCat", f.required("nestedDerivInfo/@derivCat", n.derivCat));
                if (n.curPur != null) {
                    currencies(n, attrs);
                }
                // an option on a future: the future it is on, as the filer names it (ticker, else name)
                if ("FUT".equals(n.derivCat) && n.descRefInstrmnt != null) {
                    NportXml.RefInstrument fr = n.descRefInstrmnt;
                    if (fr.indexBasketInfo != null) {
                        String id = absent(fr.indexBasketInfo.indexIdentifier);
                        put(attrs, Attr.UNDERLYING, id != null ? id : absent(fr.indexBasketInfo.indexName));
                        put(attrs, "indexName", absent(fr.indexBasketInfo.indexName));
                    } else if (fr.otherRefInst != null) {
                        String id = null;
                        NportXml.Identifiers ids = fr.otherRefInst.identifiers;
                        if (ids != null) {
                            for (List<NportXml.Id> l : List.of(ids.tickers, ids.isins, ids.cusips, ids.others)) {
                                id = id != null ? id : first(l);
                            }
                        }
                        put(attrs, Attr.UNDERLYING, id != null ? id : absent(fr.otherRefInst.issuerName));
                    }
                }
            } else if (r.indexBasketInfo != null) {
                attrs.put("reference", "INDEX");
                String id = absent(r.indexBasketInfo.indexIdentifier);
                put(attrs, Attr.UNDERLYING, id != null ? id : absent(r.indexBasketInfo.indexName));
                put(attrs, "indexName", absent(r.indexBasketInfo.indexName));
            } else if (r.otherRefInst != null) {
                attrs.put("reference", "INSTRUMENT");
                NportXml.Identifiers ids = r.otherRefInst.identifiers;
                String id = null;
                if (ids != null) {
                    for (List<NportXml.Id> l : List.of(ids.tickers, ids.isins, ids.cusips, ids.others)) {
                        id = id != null ? id : first(l);
                    }
                }
                put(attrs, Attr.UNDERLYING, id != null ? id : absent(r.otherRefInst.issuerName));
            }
        }

        /**
         * An FX forward's currencies: bought and sold as terms, and {@code currencyPair} in market convention (base
         * currency first, {@link #pair}), so forwards that buy and sell one pair share it and differ by direction.
         */
        private static void currencies(NportXml.Derivative d, Map<String, String> attrs) {
            String bought = Fields.clean(d.curPur);
            String sold = Fields.clean(d.curSold);
            put(attrs, "term.currencyBought", bought);
            put(attrs, "term.currencySold", sold);
            if (bought != null && sold != null) {
                attrs.put("currencyPair", pair(bought, sold));
            }
        }

        /**
         * The notional the BCBS-IOSCO schedule weighs, as product terms ({@code notional}, {@code notionalCurrency}),
         * and the currency of the holding's value ({@code markToMarketCurrency}: N-PORT values every holding in USD,
         * {@code valUSD}). An FX forward's notional is its leg in the pair's base currency, or its USD leg; a swap's,
         * a future's and an option's its {@code notionalAmt}, a swaption's or FX option's that of the derivative it
         * references. An amount in the holding's currency becomes USD at the filing's own rate ({@code exchangeRt},
         * units per USD); without a rate it stays in its currency.
         */
        private static void notional(NportXml.Derivative d, Map<String, String> attrs, String holdingCcy,
                                     String exchangeRt) {
            attrs.put("term.markToMarketCurrency", "USD");
            NportXml.Derivative n = d;
            if (d.descRefInstrmnt != null && d.descRefInstrmnt.nestedDerivInfo != null
                    && d.descRefInstrmnt.nestedDerivInfo.present().size() == 1) {
                NportXml.Derivative nested = d.descRefInstrmnt.nestedDerivInfo.present().get(0);
                if (absent(d.notionalAmt) == null) {
                    n = nested;
                }
            }
            String amount;
            String ccy;
            String bought = Fields.clean(n.curPur);
            String sold = Fields.clean(n.curSold);
            if (bought != null && sold != null && absent(n.amtCurPur) != null && absent(n.amtCurSold) != null) {
                boolean boughtIsBase = pair(bought, sold).startsWith(bought + "/");
                if ("USD".equals(bought) || "USD".equals(sold)) {
                    amount = "USD".equals(bought) ? n.amtCurPur : n.amtCurSold;
                    ccy = "USD";
                } else if (holdingCcy != null && (holdingCcy.equals(bought) || holdingCcy.equals(sold))) {
                    // a cross: the leg in the holding's currency, which the filing's exchange rate turns into USD
                    amount = holdingCcy.equals(bought) ? n.amtCurPur : n.amtCurSold;
                    ccy = holdingCcy;
                } else {
                    amount = boughtIsBase ? n.amtCurPur : n.amtCurSold;
                    ccy = boughtIsBase ? bought : sold;
                }
            } else {
                amount = absent(n.notionalAmt);
                ccy = Fields.clean(n.curCd);
            }
            BigDecimal value = decimal(amount);
            if (value == null || ccy == null || "N/A".equalsIgnoreCase(ccy)) {
                return;
            }
            value = value.abs();
            BigDecimal rate = decimal(exchangeRt);
            if (!"USD".equals(ccy) && ccy.equals(holdingCcy) && rate != null && rate.signum() > 0) {
                value = value.divide(rate, 2, java.math.RoundingMode.HALF_UP);
                ccy = "USD";
            }
            attrs.put("term.notional", value.stripTrailingZeros().toPlainString());
            attrs.put("term.notionalCurrency", ccy);
        }

        private static BigDecimal decimal(String v) {
            String c = Fields.clean(v);
            if (c == null) {
                return null;
            }
            try {
                return new BigDecimal(c);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static Boolean swapDirection(NportXml.Derivative d) {
            boolean recFixed = d.fixedRecDesc != null;
            boolean payFixed = d.fixedPmntDesc != null;
            if (recFixed != payFixed) {
                return recFixed;
            }
            if (recFixed) {
                return null;
            }
            boolean recOther = d.otherRecDesc != null;
            boolean payOther = d.otherPmntDesc != null;
            return recOther != payOther ? recOther : null;
        }

        private static Boolean byPayoff(String payoff, BigDecimal balance, Fields f, String field) {
            String p = absent(payoff);
            if (p != null) {
                return f.parse(field, p, true, NportParser::longShort, ReasonCode.INVALID_VALUE, "Long, Short or N/A");
            }
            return balance == null ? null : balance.signum() >= 0;
        }

        private static Map<String, String> raw(NportXml.InvstOrSec h) {
            Map<String, String> m = new LinkedHashMap<>();
            put(m, "name", h.name);
            put(m, "title", h.title);
            put(m, "cusip", h.cusip);
            put(m, "balance", h.balance);
            put(m, "units", h.units);
            put(m, "curCd", h.curCd != null ? h.curCd : h.currencyConditional == null ? null : h.currencyConditional.curCd);
            put(m, "valUSD", h.valUSD);
            put(m, "payoffProfile", h.payoffProfile);
            put(m, "assetCat", h.assetCat != null ? h.assetCat : h.assetConditional == null ? null : h.assetConditional.assetCat);
            put(m, "issuerCat", h.issuerCat != null ? h.issuerCat : h.issuerConditional == null ? null : h.issuerConditional.issuerCat);
            if (h.derivativeInfo != null) {
                h.derivativeInfo.present().forEach(d -> put(m, "derivCat", d.derivCat));
            }
            return m;
        }
    }

    /**
     * Market convention for quoting a currency pair: the base currency is the one earlier in EUR, GBP, AUD, NZD,
     * USD, CAD, CHF, then any other currency (alphabetically), then JPY last; e.g. USD/KRW, EUR/USD, USD/JPY,
     * GBP/CHF, NOK/SEK. Returns {@code BASE/QUOTE}.
     */
    static String pair(String a, String b) {
        return rank(a) < rank(b) || (rank(a) == rank(b) && a.compareTo(b) <= 0) ? a + "/" + b : b + "/" + a;
    }

    private static final List<String> MAJORS = List.of("EUR", "GBP", "AUD", "NZD", "USD", "CAD", "CHF");

    private static int rank(String ccy) {
        int i = MAJORS.indexOf(ccy);
        return i >= 0 ? i : "JPY".equals(ccy) ? MAJORS.size() + 1 : MAJORS.size();
    }

    /** A value, or null when blank or a placeholder N-PORT uses for "none": {@code N/A}, all zeros. */
    static String absent(String v) {
        String c = Fields.clean(v);
        if (c == null || "N/A".equalsIgnoreCase(c) || c.chars().allMatch(ch -> ch == '0')) {
            return null;
        }
        return c;
    }

    private static String first(List<NportXml.Id> ids) {
        for (NportXml.Id id : ids) {
            String v = absent(id.value);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    static Optional<Boolean> longShort(String v) {
        return switch (v) {
            case "Long" -> Optional.of(true);
            case "Short" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    static Optional<Boolean> purchased(String v) {
        return switch (v) {
            case "Purchased" -> Optional.of(true);
            case "Written" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    static Optional<String> putCall(String v) {
        return switch (v) {
            case "Call" -> Optional.of("CALL");
            case "Put" -> Optional.of("PUT");
            default -> Optional.empty();
        };
    }

}
