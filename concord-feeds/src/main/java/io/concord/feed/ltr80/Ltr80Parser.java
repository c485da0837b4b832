package io.concord.feed.ltr80;

import io.concord.feed.Attr;
import io.concord.feed.FeedItem;
import io.concord.feed.FeedParser;
import io.concord.feed.Fields;
import io.concord.feed.RecordFailure;
import io.concord.feed.PullStream;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceFile;
import io.concord.feed.SourcePosition;
import io.concord.model.Lineage;
import io.concord.model.PutCall;
import io.concord.model.ReasonCode;
import io.concord.model.ReportAction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code cftc-ltr80}: CFTC large-trader 80-character records, one per line (17 CFR part 17). Columns (1-based):
 * 1–2 report type (RP position, DN delivery notices, EP exchanges for physicals), 3–5 reporting firm code, 6–7
 * blank, 8–19 account (zero-filled, right-justified), 20–27 report date YYYYMMDD, 28–29 exchange code, 30 put/call
 * (blank for futures), 31–35 commodity code, 36–43 expiration YYYYMMDD (day 00 when only the month is known),
 * 44–50 strike (signed, blank for futures), 51 exercise style (A or E, blank for futures), 52–58 long / bought /
 * stopped, 59–65 short / sold / issued, 66–70 second commodity code and 71–78 second expiration (an option's
 * underlying future; blank for futures), 79 blank, 80 record type (O original, C correction).
 *
 * <p>Every record becomes a position report for its key (firm + date + account + contract) that carries only its
 * own quantity type, as a {@link ReportAction#CHANGE}: RP carries {@code FIN} (the position: long and short), DN
 * carries {@code DN} (notices stopped, issued) and EP carries {@code EP} (bought, sold) with zero long and short.
 * The book overlays them in any order, so an account's position ends up with its delivery-notice and EFP
 * quantities by type; a correction replaces the same type's earlier quantity. The firm code is resolved to an LEI,
 * and the account to a segregation class, by the normalizer through {@code mappings/firms.yaml}.
 */
public final class Ltr80Parser implements FeedParser {

    public static final String ID = "cftc-ltr80";
    static final int WIDTH = 80;
    private static final Pattern HEAD = Pattern.compile("(RP|DN|EP)[0-9A-Z ]{3}  [0-9A-Z]{12}\\d{8}.{52}[OC]");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9A-Z]{12}");
    private static final Pattern QTY = Pattern.compile("\\d{7}");
    private static final Pattern STRIKE = Pattern.compile(" *[+-]?\\d*\\.?\\d+");
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "CFTC large-trader 80-character records (RP positions, DN delivery notices, EP exchanges for physicals)";
    }

    @Override
    public boolean sniff(String head) {
        String first = head.lines().filter(l -> !l.isEmpty()).findFirst().orElse("");
        return first.length() == WIDTH && HEAD.matcher(first).matches();
    }

    @Override
    public RecordStream open(InputStream in, SourceFile source) {
        return new Stream(in, source);
    }

    private static final class Stream extends PullStream {
        private BufferedReader reader;
        private long line;
        private long record;

        Stream(InputStream in, SourceFile source) {
            super(in, source);
        }

        @Override
        protected FeedItem advance() {
            try {
                if (reader == null) {
                    // ASCII as the form is written; a byte-order mark or UTF-16 from a Windows tool is decoded
                    reader = new BufferedReader(io.concord.feed.TextEncoding.reader(in));
                }
                String text;
                while ((text = reader.readLine()) != null) {
                    line++;
                    if (text.isEmpty()) {
                        continue; // an empty line holds no record
                    }
                    record++;
                    return record(text);
                }
            } catch (IOException e) {
                return end(RecordFailure.ofFile(source, "line " + (line + 1), ReasonCode.MALFORMED_FILE,
                        "not readable as text: " + e.getMessage()));
            }
            return null;
        }

        private FeedItem record(String text) {
            String location = "line " + line;
            Map<String, String> raw = new LinkedHashMap<>();
            raw.put("record", text);
            Fields f = new Fields(source, record, location, raw);
            if (text.length() != WIDTH) {
                f.fail(ReasonCode.MALFORMED_FILE, null, "record is " + text.length() + " characters, must be exactly "
                        + WIDTH);
                return f.failure();
            }
            String type = text.substring(0, 2);
            String firm = f.required("reporting firm (3-5)", text.substring(2, 5));
            blank(f, text, 5, 7, "columns 6-7");
            String account = cols(text, 8, 19);
            if (!ACCOUNT.matcher(account).matches()) {
                f.fail(ReasonCode.INVALID_VALUE, "account (8-19)", "account must be 12 characters, zero-filled and "
                        + "right-justified, got '" + account + "'");
            }
            LocalDate asOf = f.date("report date (20-27)", cols(text, 20, 27), true, YYYYMMDD, "YYYYMMDD");
            String exchange = f.required("exchange code (28-29)", cols(text, 28, 29));
            String pcText = cols(text, 30, 30);
            PutCall putCall = " ".equals(pcText) ? null : f.parse("put/call (30)", pcText, true, Ltr80Parser::putCall,
                    ReasonCode.INVALID_VALUE, "P, C or blank");
            boolean option = !" ".equals(pcText);
            String commodity = f.required("commodity code (31-35)", cols(text, 31, 35));
            String[] expiry = expiration(f, "expiration (36-43)", cols(text, 36, 43), true);
            BigDecimal strike = strike(f, cols(text, 44, 50), option);
            String style = cols(text, 51, 51);
            if (option && !"A".equals(style) && !"E".equals(style)) {
                f.fail(ReasonCode.INVALID_VALUE, "exercise style (51)", "an option's exercise style must be A or E, "
                        + "got '" + style + "'");
            } else if (!option && !" ".equals(style)) {
                f.fail(ReasonCode.INCONSISTENT_VALUES, "exercise style (51)", "a futures record (put/call blank) "
                        + "has no exercise style, got '" + style + "'");
            }
            BigDecimal first = quantity(f, quantityName(type, true), cols(text, 52, 58));
            BigDecimal second = quantity(f, quantityName(type, false), cols(text, 59, 65));
            String underlying = Fields.clean(cols(text, 66, 70));
            String[] underlyingExpiry = expiration(f, "second expiration (71-78)", cols(text, 71, 78), false);
            if (!option && (underlying != null || underlyingExpiry != null)) {
                f.fail(ReasonCode.INCONSISTENT_VALUES, "second commodity code (66-70)", "a futures record has no "
                        + "underlying: columns 66-78 must be blank");
            }
            blank(f, text, 78, 79, "column 79");
            String recordType = cols(text, 80, 80);
            if (!"O".equals(recordType) && !"C".equals(recordType)) {
                f.fail(ReasonCode.INVALID_VALUE, "record type (80)", "record type must be O (original) or C "
                        + "(correction), got '" + recordType + "'");
            }
            String quantityType = switch (type) {
                case "RP" -> "FIN";
                case "DN", "EP" -> type;
                default -> {
                    f.fail(ReasonCode.INVALID_VALUE, "report type (1-2)", "report type must be RP, DN or EP, got '"
                            + type + "'");
                    yield null;
                }
            };
            if (!f.ok()) {
                return f.failure();
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put(Attr.FEED, ID);
            attrs.put(Attr.FIRM_CODE, firm);
            attrs.put(Attr.EXCHANGE, exchange);
            attrs.put(Attr.CONTRACT_CODE, commodity);
            attrs.put(Attr.SECURITY_TYPE, option ? "OOF" : "FUT");
            attrs.put(Attr.MATURITY, expiry[0]);
            if (expiry[1] != null) {
                attrs.put(Attr.EXPIRY, expiry[1]);
            }
            if (option) {
                attrs.put(Attr.PUT_CALL, putCall.name());
                attrs.put(Attr.STRIKE, strike.toPlainString());
                attrs.put(Attr.TERM_PREFIX + "exerciseStyle", "A".equals(style) ? "AMERICAN" : "EUROPEAN");
                if (underlying != null) {
                    attrs.put(Attr.UNDERLYING, underlying);
                }
                if (underlyingExpiry != null) {
                    attrs.put(Attr.TERM_PREFIX + "underlyingMaturity", underlyingExpiry[0]);
                }
            }
            boolean position = "FIN".equals(quantityType);
            return new SourcePosition(null, account, null, attrs, position ? first : BigDecimal.ZERO,
                    position ? second : BigDecimal.ZERO, Map.of(quantityType, new BigDecimal[] {first, second}),
                    null, null, asOf, null, ReportAction.CHANGE,
                    Lineage.of(ID, source.name(), record, location, source.submissionId()));
        }

        @Override
        protected void release() throws IOException {
            reader.close();
        }
    }

    static java.util.Optional<PutCall> putCall(String v) {
        return switch (v) {
            case "P" -> java.util.Optional.of(PutCall.PUT);
            case "C" -> java.util.Optional.of(PutCall.CALL);
            default -> java.util.Optional.empty();
        };
    }

    /** Columns {@code from} to {@code to}, 1-based and inclusive, as in the record layout. */
    static String cols(String text, int from, int to) {
        return text.substring(from - 1, to);
    }

    private static void blank(Fields f, String text, int from, int to, String name) {
        if (!text.substring(from, to).isBlank()) {
            f.fail(ReasonCode.INVALID_VALUE, name, name + " must be blank, got '" + text.substring(from, to) + "'");
        }
    }

    private static String quantityName(String type, boolean first) {
        return switch (type) {
            case "DN" -> first ? "stopped (52-58)" : "issued (59-65)";
            case "EP" -> first ? "bought (52-58)" : "sold (59-65)";
            default -> first ? "long (52-58)" : "short (59-65)";
        };
    }

    private static BigDecimal quantity(Fields f, String field, String value) {
        if (!QTY.matcher(value).matches()) {
            f.fail(ReasonCode.INVALID_NUMBER, field, field + " must be 7 digits, zero-filled, got '" + value + "'");
            return null;
        }
        return new BigDecimal(value);
    }

    /** {@code [maturity YYYYMM, expiry date or null]}: day 00 means only the contract month is known. */
    private static String[] expiration(Fields f, String field, String value, boolean required) {
        if (value.isBlank() && !required) {
            return null;
        }
        if (value.matches("\\d{6}00")) {
            LocalDate month = f.date(field, value.substring(0, 6) + "01", true, YYYYMMDD, "YYYYMMDD or YYYYMM00");
            return month == null ? null : new String[] {value.substring(0, 6), null};
        }
        LocalDate d = f.date(field, value, true, YYYYMMDD, "YYYYMMDD or YYYYMM00");
        return d == null ? null : new String[] {value.substring(0, 6), d.toString()};
    }

    private static BigDecimal strike(Fields f, String value, boolean option) {
        if (!option) {
            if (!value.isBlank()) {
                f.fail(ReasonCode.INCONSISTENT_VALUES, "strike (44-50)", "a futures record (put/call blank) has no "
                        + "strike, got '" + value + "'");
            }
            return null;
        }
        if (value.isBlank()) {
            f.fail(ReasonCode.MISSING_FIELD, "strike (44-50)", "an option record (put/call P or C) needs a strike");
            return null;
        }
        if (!STRIKE.matcher(value).matches()) {
            f.fail(ReasonCode.INVALID_NUMBER, "strike (44-50)", "strike must be a signed number, e.g. 0006800, "
                    + "+112.50 or -000050, got '" + value + "'");
            return null;
        }
        return new BigDecimal(value.trim()).stripTrailingZeros();
    }
}
