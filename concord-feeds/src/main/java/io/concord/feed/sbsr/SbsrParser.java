package io.concord.feed.sbsr;

import io.concord.feed.Attr;
import io.concord.feed.CsvTable;
import io.concord.feed.FeedItem;
import io.concord.feed.FeedParser;
import io.concord.feed.Fields;
import io.concord.feed.CsvStream;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceFile;
import io.concord.feed.SourcePosition;
import io.concord.model.Identifiers;
import io.concord.model.Lineage;
import io.concord.model.ReasonCode;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code sec-sbsr}: security-based swap positions as a security-based swap data repository takes them (Regulation
 * SBSR), one open swap per CSV row with a header row (columns by name, any order). Required: {@code as_of, uti,
 * reporting_counterparty_lei, other_counterparty_lei, direction (BUY|SELL), notional, notional_currency,
 * mark_to_market, mark_to_market_currency, cleared, collateralisation, underlying} and {@code upi} and/or
 * {@code isda_taxonomy}; optional {@code expiration_date, segregation_class}.
 *
 * <p>A swap position is its notional: BUY (protection buyer, total-return receiver) is long the notional, SELL
 * short; the mark-to-market is the market value. The firm is the reporting counterparty and the account is the
 * other counterparty's LEI. When the UPI is given it identifies the product (the ISDA taxonomy string is then not
 * matched on); otherwise the ISDA taxonomy does. Segregation class, unless the row gives one: a cleared SBS sits
 * in {@code SEC_SBS_18A_4} (Rule 18a-4 customer account), an uncleared one in {@code UNCLEARED_IM_SEG} (its initial
 * margin is held at a third-party custodian, section 3E(f)); a row that gives a class contradicting its cleared
 * flag is rejected.
 */
public final class SbsrParser implements FeedParser {

    public static final String ID = "sec-sbsr";
    /** The attribute carrying the ISDA OTC taxonomy string, e.g. {@code Credit:SingleName:CDS}. */
    public static final String ISDA_TAXONOMY = "isdaTaxonomy";

    static final List<String> REQUIRED = List.of("as_of", "uti", "reporting_counterparty_lei",
            "other_counterparty_lei", "direction", "notional", "notional_currency", "mark_to_market",
            "mark_to_market_currency", "cleared", "collateralisation", "underlying");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern TAXONOMY = Pattern.compile("[A-Za-z]+(:[A-Za-z0-9_]+){1,4}");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Security-based swap positions CSV (UTI, UPI or ISDA taxonomy, counterparty LEIs, notional, mark)";
    }

    @Override
    public boolean sniff(String head) {
        String first = head.lines().findFirst().orElse("");
        String norm = CsvTable.normalize(first);
        return first.contains(",") && norm.contains("uti") && norm.contains("othercounterpartylei")
                && norm.contains("notional");
    }

    @Override
    public RecordStream open(InputStream in, SourceFile source) {
        return new Stream(in, source);
    }

    private static final class Stream extends CsvStream {

        Stream(InputStream in, SourceFile source) {
            super(in, source, REQUIRED, "upi", "isda_taxonomy");
        }

        @Override
        protected FeedItem row(CsvTable t, Fields f, long record) {
            String location = "line " + t.line();
            LocalDate asOf = f.date("as_of", t.get("as_of"), true);
            String uti = f.required("uti", t.get("uti"));
            if (uti != null) {
                Optional<String> bad = Identifiers.checkUti(uti.toUpperCase(Locale.ROOT));
                bad.ifPresent(m -> f.fail(ReasonCode.INVALID_UTI, "uti", m));
                uti = uti.toUpperCase(Locale.ROOT);
            }
            String reporting = f.firm("reporting_counterparty_lei", t.get("reporting_counterparty_lei"), true);
            String other = f.lei("other_counterparty_lei", t.get("other_counterparty_lei"), true);
            if (reporting != null && reporting.equals(other)) {
                f.fail(ReasonCode.INCONSISTENT_VALUES, "other_counterparty_lei", "the other counterparty is the "
                        + "reporting counterparty itself: " + other);
            }
            String upi = Fields.clean(t.get("upi"));
            if (upi != null) {
                upi = upi.toUpperCase(Locale.ROOT);
                Optional<String> bad = Identifiers.checkUpi(upi);
                if (bad.isPresent()) {
                    f.fail(ReasonCode.INVALID_UPI, "upi", bad.get());
                }
            }
            String taxonomy = Fields.clean(t.get("isda_taxonomy"));
            if (taxonomy != null && !TAXONOMY.matcher(taxonomy).matches()) {
                f.fail(ReasonCode.INVALID_VALUE, "isda_taxonomy", "ISDA taxonomy must be colon-separated names "
                        + "such as Credit:SingleName:CDS, got '" + taxonomy + "'");
            }
            if (upi == null && taxonomy == null) {
                f.fail(ReasonCode.MISSING_FIELD, "upi", "a swap needs a UPI or an ISDA taxonomy string");
            }
            Boolean buy = f.parse("direction", t.get("direction"), true, SbsrParser::direction,
                    ReasonCode.INVALID_VALUE, "BUY or SELL");
            BigDecimal notional = f.quantity("notional", t.get("notional"), true);
            String ccy = currency(f, "notional_currency", t.get("notional_currency"));
            BigDecimal mark = f.decimal("mark_to_market", t.get("mark_to_market"), true);
            String markCcy = currency(f, "mark_to_market_currency", t.get("mark_to_market_currency"));
            Boolean cleared = f.parse("cleared", t.get("cleared"), true, SbsrParser::yesNo, ReasonCode.INVALID_VALUE,
                    "Y, N, TRUE or FALSE");
            String collateral = f.parse("collateralisation", t.get("collateralisation"), true,
                    SbsrParser::collateralisation, ReasonCode.INVALID_VALUE, "UNCOLLATERALIZED, "
                            + "PARTIALLY_COLLATERALIZED, ONE_WAY_COLLATERALIZED, FULLY_COLLATERALIZED or a Part 45 "
                            + "code (UNCL, PRC1, PRC2, PRCL, OWC1, OWC2, OWP1, OWP2, FLCL)");
            String underlying = f.required("underlying", t.get("underlying"));
            LocalDate expiry = f.date("expiration_date", t.get("expiration_date"), false);
            SegregationClass given = f.parse("segregation_class", t.get("segregation_class"), false,
                    SegregationClass::parse, ReasonCode.UNKNOWN_SEGREGATION_CLASS, "one of "
                            + java.util.Arrays.toString(SegregationClass.values()));
            SegregationClass seg = null;
            if (cleared != null) {
                seg = given != null ? given : cleared ? SegregationClass.SEC_SBS_18A_4
                        : SegregationClass.UNCLEARED_IM_SEG;
                if (cleared && seg == SegregationClass.UNCLEARED_IM_SEG) {
                    f.fail(ReasonCode.INCONSISTENT_VALUES, "segregation_class", "a cleared security-based swap "
                            + "cannot sit in UNCLEARED_IM_SEG");
                } else if (seg != SegregationClass.SEC_SBS_18A_4 && seg != SegregationClass.UNCLEARED_IM_SEG) {
                    f.fail(ReasonCode.INCONSISTENT_VALUES, "segregation_class", "a security-based swap sits in "
                            + "SEC_SBS_18A_4 or UNCLEARED_IM_SEG, not " + seg);
                }
            }
            if (!f.ok()) {
                return f.failure();
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put(Attr.FEED, ID);
            if (upi != null) {
                attrs.put(Attr.UPI, upi);
            } else {
                attrs.put(ISDA_TAXONOMY, taxonomy);
            }
            attrs.put(Attr.UNDERLYING, underlying.toUpperCase(Locale.ROOT));
            attrs.put(Attr.CURRENCY, ccy);
            if (expiry != null) {
                attrs.put(Attr.EXPIRY, expiry.toString());
            }
            String term = Attr.TERM_PREFIX;
            attrs.put(term + "uti", uti);
            attrs.put(term + "notional", notional.toPlainString());
            attrs.put(term + "notionalCurrency", ccy);
            attrs.put(term + "markToMarketCurrency", markCcy);
            attrs.put(term + "cleared", cleared.toString());
            attrs.put(term + "collateralisation", collateral);
            attrs.put(term + "otherCounterparty", other);
            return new SourcePosition(reporting, other, seg, attrs, buy ? notional : BigDecimal.ZERO,
                    buy ? BigDecimal.ZERO : notional, null, null, mark, asOf, null, ReportAction.NEW,
                    Lineage.of(ID, source.name(), record, location, source.submissionId()));
        }
    }

    private static String currency(Fields f, String field, String value) {
        String v = f.required(field, value);
        if (v != null && !CURRENCY.matcher(v.toUpperCase(Locale.ROOT)).matches()) {
            f.fail(ReasonCode.INVALID_VALUE, field, field + " must be an ISO 4217 code, got '" + v + "'");
            return null;
        }
        return v == null ? null : v.toUpperCase(Locale.ROOT);
    }

    static Optional<Boolean> direction(String v) {
        return switch (v.toUpperCase(Locale.ROOT)) {
            case "BUY", "B" -> Optional.of(true);
            case "SELL", "S" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    static Optional<Boolean> yesNo(String v) {
        return switch (v.toUpperCase(Locale.ROOT)) {
            case "Y", "TRUE" -> Optional.of(true);
            case "N", "FALSE" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** The four SBSR categories, by name (either spelling) or by the CFTC Part 45 code that refines them. */
    static Optional<String> collateralisation(String v) {
        String u = v.toUpperCase(Locale.ROOT).replace("ISED", "IZED").replace('-', '_').replace(' ', '_');
        return switch (u) {
            case "UNCOLLATERALIZED", "UNCL" -> Optional.of("UNCOLLATERALIZED");
            case "PARTIALLY_COLLATERALIZED", "PRC1", "PRC2", "PRCL" -> Optional.of("PARTIALLY_COLLATERALIZED");
            case "ONE_WAY_COLLATERALIZED", "OWC1", "OWC2", "OWP1", "OWP2" -> Optional.of("ONE_WAY_COLLATERALIZED");
            case "FULLY_COLLATERALIZED", "FLCL" -> Optional.of("FULLY_COLLATERALIZED");
            default -> Optional.empty();
        };
    }
}
