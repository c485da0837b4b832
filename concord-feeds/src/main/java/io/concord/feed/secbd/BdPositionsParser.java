package io.concord.feed.secbd;

import io.concord.feed.Attr;
import io.concord.feed.CsvTable;
import io.concord.feed.FeedItem;
import io.concord.feed.FeedParser;
import io.concord.feed.Fields;
import io.concord.feed.CsvStream;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceFile;
import io.concord.feed.SourcePosition;
import io.concord.model.Lineage;
import io.concord.model.PutCall;
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

/**
 * {@code sec-bd-positions}: a broker-dealer stock record / positions CSV with a header row. Headers match
 * case-insensitively, in any order, ignoring everything but letters and digits ({@code As Of} = {@code as_of}).
 * One row is one position at one location; CUSIP and ISIN check digits are verified.
 */
public final class BdPositionsParser implements FeedParser {

    public static final String ID = "sec-bd-positions";

    /** Columns every file must have. */
    static final List<String> REQUIRED = List.of("firm_lei", "account", "segregation_class", "security_type",
            "quantity", "side", "price", "currency", "as_of");
    /** Columns read when present. */
    static final List<String> OPTIONAL = List.of("cusip", "isin", "symbol", "market_value", "location",
            "underlying", "put_call", "strike", "expiry", "multiplier");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Broker-dealer positions / stock record CSV (account, 15c3-3 class, CUSIP/ISIN, qty, side, price)";
    }

    @Override
    public boolean sniff(String head) {
        String first = head.lines().findFirst().orElse("");
        String norm = CsvTable.normalize(first);
        return first.contains(",") && norm.contains("segregationclass") && norm.contains("firmlei")
                && (norm.contains("cusip") || norm.contains("isin"));
    }

    @Override
    public RecordStream open(InputStream in, SourceFile source) {
        return new Stream(in, source);
    }

    private static final class Stream extends CsvStream {

        Stream(InputStream in, SourceFile source) {
            super(in, source, REQUIRED, "cusip", "isin");
        }

        @Override
        protected FeedItem row(CsvTable t, Fields f, long record) {
            String location = "line " + t.line();
            String firm = f.firm("firm_lei", t.get("firm_lei"), true);
            String account = f.required("account", t.get("account"));
            SegregationClass seg = f.parse("segregation_class", t.get("segregation_class"), true,
                    SegregationClass::parse, ReasonCode.UNKNOWN_SEGREGATION_CLASS, "one of "
                            + java.util.Arrays.toString(SegregationClass.values()));
            String secType = f.required("security_type", t.get("security_type"));
            String cusip = f.cusip("cusip", t.get("cusip"), false);
            String isin = f.isin("isin", t.get("isin"), false);
            String embedded = embeddedCusip(isin);
            if (embedded != null && cusip == null) {
                cusip = embedded;
            } else if (embedded != null && !embedded.equals(cusip)) {
                f.fail(ReasonCode.INCONSISTENT_VALUES, "isin", "ISIN " + isin + " embeds CUSIP " + embedded
                        + " but the row's CUSIP is " + cusip);
            }
            BigDecimal qty = f.quantity("quantity", t.get("quantity"), true);
            Boolean isLong = f.parse("side", t.get("side"), true, BdPositionsParser::side, ReasonCode.INVALID_VALUE,
                    "LONG or SHORT");
            BigDecimal price = f.decimal("price", t.get("price"), true);
            BigDecimal marketValue = f.decimal("market_value", t.get("market_value"), false);
            String currency = f.required("currency", t.get("currency"));
            LocalDate asOf = f.date("as_of", t.get("as_of"), true);
            String location2 = Fields.clean(t.get("location"));

            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put(Attr.FEED, ID);
            attrs.put(Attr.SECURITY_TYPE, secType == null ? "" : secType.toUpperCase(Locale.ROOT));
            put(attrs, Attr.CUSIP, cusip);
            put(attrs, Attr.ISIN, isin);
            put(attrs, Attr.SYMBOL, Fields.clean(t.get("symbol")));
            put(attrs, Attr.CURRENCY, currency == null ? null : currency.toUpperCase(Locale.ROOT));
            boolean option = "OPT".equalsIgnoreCase(secType);
            put(attrs, Attr.UNDERLYING, option ? f.required("underlying", t.get("underlying"))
                    : Fields.clean(t.get("underlying")));
            PutCall pc = f.parse("put_call", t.get("put_call"), option, PutCall::parse, ReasonCode.INVALID_VALUE,
                    "P, C, PUT or CALL");
            put(attrs, Attr.PUT_CALL, pc == null ? null : pc.name());
            BigDecimal strike = f.decimal("strike", t.get("strike"), option);
            put(attrs, Attr.STRIKE, strike == null ? null : strike.toPlainString());
            boolean treasury = "TSY".equalsIgnoreCase(secType);
            LocalDate expiry = f.date("expiry", t.get("expiry"), option || treasury);
            put(attrs, Attr.EXPIRY, expiry == null ? null : expiry.toString());
            if (treasury && expiry != null && asOf != null) {
                attrs.put(Attr.MATURITY_BUCKET, Fields.maturityBucket(asOf, expiry)); // its maturity date
            }
            BigDecimal mult = f.decimal("multiplier", t.get("multiplier"), false);
            put(attrs, Attr.MULTIPLIER, mult == null ? null : mult.stripTrailingZeros().toPlainString());
            if (f.ok() && !option && cusip == null && isin == null) {
                f.fail(ReasonCode.MISSING_FIELD, "cusip", "a " + secType + " row needs a CUSIP or an ISIN");
            }
            if (!f.ok()) {
                return f.failure();
            }
            BigDecimal longQty = isLong ? qty : BigDecimal.ZERO;
            BigDecimal shortQty = isLong ? BigDecimal.ZERO : qty;
            return new SourcePosition(firm, account, seg, attrs, longQty, shortQty, null, price, marketValue, asOf,
                    location2, ReportAction.NEW, Lineage.of(ID, source.name(), record, location, source.submissionId()));
        }

        private static void put(Map<String, String> m, String k, String v) {
            if (v != null) {
                m.put(k, v);
            }
        }
    }

    /** A US or Canadian ISIN is the country code, the CUSIP and a check digit: the CUSIP it carries, else null. */
    static String embeddedCusip(String isin) {
        return isin != null && (isin.startsWith("US") || isin.startsWith("CA")) ? isin.substring(2, 11) : null;
    }

    static Optional<Boolean> side(String v) {
        return switch (v.toUpperCase(Locale.ROOT)) {
            case "LONG", "L" -> Optional.of(true);
            case "SHORT", "S" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
