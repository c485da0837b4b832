package io.concord.feed.secbd;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.concord.feed.Attr;
import io.concord.feed.FeedItem;
import io.concord.feed.FeedParser;
import io.concord.feed.Fields;
import io.concord.feed.RecordFailure;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceFile;
import io.concord.feed.SourcePosition;
import io.concord.model.Lineage;
import io.concord.model.PutCall;
import io.concord.model.ReasonCode;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * {@code sec-bd-positions}: a broker-dealer stock record / positions CSV with a header row. Headers match
 * case-insensitively, in any order, ignoring everything but letters and digits ({@code As Of} = {@code as_of}).
 * One row is one position at one location; CUSIP and ISIN check digits are verified.
 */
public final class BdPositionsParser implements FeedParser {

    public static final String ID = "sec-bd-positions";
    private static final CsvMapper CSV = new CsvMapper();

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
        String norm = normalize(first);
        return first.contains(",") && norm.contains("segregationclass") && norm.contains("firmlei")
                && (norm.contains("cusip") || norm.contains("isin"));
    }

    @Override
    public RecordStream open(InputStream in, SourceFile source) {
        return new Stream(in, source);
    }

    static String normalize(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static final class Stream implements RecordStream {
        private final SourceFile source;
        private final Reader reader;
        private MappingIterator<String[]> rows;
        private Map<String, Integer> columns;
        private List<String> headers;
        private boolean done;
        private long record;
        private FeedItem pending;

        Stream(InputStream in, SourceFile source) {
            this.source = source;
            this.reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public boolean hasNext() {
            if (pending == null && !done) {
                pending = advance();
            }
            return pending != null;
        }

        @Override
        public FeedItem next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            FeedItem item = pending;
            pending = null;
            return item;
        }

        private FeedItem advance() {
            try {
                if (rows == null) {
                    rows = CSV.readerForArrayOf(String.class).with(CsvParser.Feature.WRAP_AS_ARRAY)
                            .readValues(reader);
                    FeedItem headerProblem = readHeader();
                    if (headerProblem != null) {
                        return headerProblem;
                    }
                }
                while (rows.hasNextValue()) {
                    String[] row = rows.nextValue();
                    JsonLocation at = rows.getParser().currentTokenLocation();
                    if (row.length == 1 && Fields.clean(row[0]) == null) {
                        continue; // blank line
                    }
                    record++;
                    return row(row, at.getLineNr());
                }
                done = true;
                close();
                return null;
            } catch (IOException | RuntimeException e) {
                done = true;
                close();
                return RecordFailure.ofFile(source, "after record " + record, ReasonCode.MALFORMED_FILE,
                        "not readable as CSV: " + e.getMessage().replaceAll("\\s+", " "));
            }
        }

        private FeedItem readHeader() throws IOException {
            if (!rows.hasNextValue()) {
                done = true;
                return RecordFailure.ofFile(source, "line 1", ReasonCode.MISSING_COLUMN, "the file is empty: no header row");
            }
            String[] header = rows.nextValue();
            columns = new HashMap<>();
            headers = new ArrayList<>();
            for (int i = 0; i < header.length; i++) {
                String name = normalize(header[i]);
                headers.add(header[i].trim());
                columns.putIfAbsent(name, i);
            }
            List<String> missing = new ArrayList<>();
            for (String c : REQUIRED) {
                if (!columns.containsKey(normalize(c))) {
                    missing.add(c);
                }
            }
            if (!columns.containsKey("cusip") && !columns.containsKey("isin")) {
                missing.add("cusip or isin");
            }
            if (!missing.isEmpty()) {
                done = true;
                close();
                return RecordFailure.ofFile(source, "line 1 (header)", ReasonCode.MISSING_COLUMN,
                        "required column(s) missing: " + String.join(", ", missing) + "; header has " + headers);
            }
            return null;
        }

        private String get(String[] row, String column) {
            Integer i = columns.get(normalize(column));
            return i == null || i >= row.length ? null : row[i];
        }

        private FeedItem row(String[] row, int line) {
            Map<String, String> raw = new LinkedHashMap<>();
            for (int i = 0; i < row.length && i < headers.size(); i++) {
                raw.put(headers.get(i), row[i]);
            }
            String location = "line " + line;
            Fields f = new Fields(source, record, location, raw);
            if (row.length != headers.size()) {
                f.fail(ReasonCode.MALFORMED_FILE, null, "row has " + row.length + " fields, header has " + headers.size());
            }
            String firm = f.lei("firm_lei", get(row, "firm_lei"), true);
            String account = f.required("account", get(row, "account"));
            SegregationClass seg = f.parse("segregation_class", get(row, "segregation_class"), true,
                    SegregationClass::parse, ReasonCode.UNKNOWN_SEGREGATION_CLASS, "one of "
                            + java.util.Arrays.toString(SegregationClass.values()));
            String secType = f.required("security_type", get(row, "security_type"));
            String cusip = f.cusip("cusip", get(row, "cusip"), false);
            String isin = f.isin("isin", get(row, "isin"), false);
            String embedded = embeddedCusip(isin);
            if (embedded != null && cusip == null) {
                cusip = embedded;
            } else if (embedded != null && !embedded.equals(cusip)) {
                f.fail(ReasonCode.INCONSISTENT_VALUES, "isin", "ISIN " + isin + " embeds CUSIP " + embedded
                        + " but the row's CUSIP is " + cusip);
            }
            BigDecimal qty = f.quantity("quantity", get(row, "quantity"), true);
            Boolean isLong = f.parse("side", get(row, "side"), true, BdPositionsParser::side, ReasonCode.INVALID_VALUE,
                    "LONG or SHORT");
            BigDecimal price = f.decimal("price", get(row, "price"), true);
            BigDecimal marketValue = f.decimal("market_value", get(row, "market_value"), false);
            String currency = f.required("currency", get(row, "currency"));
            LocalDate asOf = f.date("as_of", get(row, "as_of"), true);
            String location2 = Fields.clean(get(row, "location"));

            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put(Attr.FEED, ID);
            attrs.put(Attr.SECURITY_TYPE, secType == null ? "" : secType.toUpperCase(Locale.ROOT));
            put(attrs, Attr.CUSIP, cusip);
            put(attrs, Attr.ISIN, isin);
            put(attrs, Attr.SYMBOL, Fields.clean(get(row, "symbol")));
            put(attrs, Attr.CURRENCY, currency == null ? null : currency.toUpperCase(Locale.ROOT));
            boolean option = "OPT".equalsIgnoreCase(secType);
            put(attrs, Attr.UNDERLYING, option ? f.required("underlying", get(row, "underlying"))
                    : Fields.clean(get(row, "underlying")));
            PutCall pc = f.parse("put_call", get(row, "put_call"), option, PutCall::parse, ReasonCode.INVALID_VALUE,
                    "P, C, PUT or CALL");
            put(attrs, Attr.PUT_CALL, pc == null ? null : pc.name());
            BigDecimal strike = f.decimal("strike", get(row, "strike"), option);
            put(attrs, Attr.STRIKE, strike == null ? null : strike.toPlainString());
            LocalDate expiry = f.date("expiry", get(row, "expiry"), option);
            put(attrs, Attr.EXPIRY, expiry == null ? null : expiry.toString());
            BigDecimal mult = f.decimal("multiplier", get(row, "multiplier"), false);
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

        @Override
        public void close() {
            try {
                if (rows != null) {
                    rows.close();
                }
                reader.close();
            } catch (IOException e) {
                // read-only input
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
