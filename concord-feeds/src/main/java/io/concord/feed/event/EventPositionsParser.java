package io.concord.feed.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import io.concord.model.ReasonCode;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code cftc-event}: event-contract positions from a DCM as JSON, either one top-level array of position objects
 * or one object per line (NDJSON). Jackson's streaming parser reads one object at a time. Fields: {@code firm_lei,
 * account, segregation_class, as_of, series_ticker, event_ticker, market_ticker, side (YES|NO), contracts,
 * average_price (dollars per contract, 0 < p < 1), status (open|closed|settled, or the DCM's own market status,
 * see {@link #status}), mutually_exclusive (true|false)}; contracts may be fixed-point (fractional) counts
 * and optional {@code expiration_date}.
 *
 * <p>Representation (margin relies on it): a position holds contracts of one side, so {@code contracts} is the
 * long quantity and the side is a term; {@code price} is the average price paid per contract; the product's
 * contract code is the market ticker and its terms are {@code side, event, series, mutuallyExclusive}. A settled
 * market's position is rejected as {@code NOT_A_POSITION}: it has paid out and holds no risk.
 */
public final class EventPositionsParser implements FeedParser {

    public static final String ID = "cftc-event";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final JsonFactory JSON = MAPPER.getFactory();
    private static final Pattern TICKER = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,63}");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Event-contract positions from a DCM as JSON (series/event/market ticker, YES/NO, contracts, price)";
    }

    @Override
    public boolean sniff(String head) {
        String t = head.stripLeading();
        return (t.startsWith("[") || t.startsWith("{")) && t.contains("\"market_ticker\"")
                && t.contains("\"event_ticker\"");
    }

    @Override
    public RecordStream open(InputStream in, SourceFile source) {
        return new Stream(in, source);
    }

    private static final class Stream extends PullStream {
        private JsonParser parser;
        private boolean inArray;
        private long record;

        Stream(InputStream in, SourceFile source) {
            super(in, source);
        }

        @Override
        protected FeedItem advance() {
            try {
                if (parser == null) {
                    parser = JSON.createParser(in);
                    JsonToken first = parser.nextToken();
                    if (first == null) {
                        return end(RecordFailure.ofFile(source, "line 1", ReasonCode.MALFORMED_FILE,
                                "the file is empty: expected a JSON array of positions or one object per line"));
                    }
                    inArray = first == JsonToken.START_ARRAY;
                    if (!inArray && first != JsonToken.START_OBJECT) {
                        return end(RecordFailure.ofFile(source, at(parser.currentTokenLocation()),
                                ReasonCode.MALFORMED_FILE, "expected a JSON array of positions or one object per "
                                        + "line, found " + first));
                    }
                    if (!inArray) {
                        return object();
                    }
                }
                JsonToken t = parser.nextToken();
                if (t == null || (inArray && t == JsonToken.END_ARRAY)) {
                    if (inArray && t == JsonToken.END_ARRAY && parser.nextToken() != null) {
                        return end(RecordFailure.ofFile(source, at(parser.currentTokenLocation()),
                                ReasonCode.MALFORMED_FILE, "content after the closing ] of the positions array"));
                    }
                    return end(null);
                }
                if (t != JsonToken.START_OBJECT) {
                    record++;
                    JsonLocation loc = parser.currentTokenLocation();
                    parser.skipChildren();
                    return new RecordFailure(ID, source.name(), record, at(loc) + " (record " + record + ")",
                            ReasonCode.MALFORMED_FILE, null, "a position must be a JSON object, found " + t, Map.of());
                }
                return object();
            } catch (JsonProcessingException e) {
                return end(RecordFailure.ofFile(source, e.getLocation() == null ? "after record " + record
                        : at(e.getLocation()), ReasonCode.MALFORMED_FILE, "not well-formed JSON in record "
                        + record + ": " + e.getOriginalMessage()));
            } catch (IOException e) {
                return end(RecordFailure.ofFile(source, "after record " + record, ReasonCode.MALFORMED_FILE,
                        "cannot read: " + e.getMessage()));
            }
        }

        /** Reads the object whose START_OBJECT is the current token. */
        private FeedItem object() throws IOException {
            record++;
            String location = at(parser.currentTokenLocation()) + " (record " + record + ")";
            JsonNode node = MAPPER.readTree(parser);
            return convert(node, location);
        }

        private static String at(JsonLocation l) {
            return "line " + l.getLineNr() + ", column " + l.getColumnNr();
        }

        private FeedItem convert(JsonNode n, String location) {
            Map<String, String> raw = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                raw.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
            }
            Fields f = new Fields(source, record, location, raw);
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) n::fields) {
                if (!e.getValue().isValueNode()) {
                    f.fail(ReasonCode.INVALID_VALUE, e.getKey(), e.getKey() + " must be a single value, not "
                            + e.getValue().getNodeType().name().toLowerCase(Locale.ROOT));
                }
            }
            String firm = f.firm("firm_lei", text(n, "firm_lei"), true);
            String account = f.required("account", text(n, "account"));
            SegregationClass seg = f.parse("segregation_class", text(n, "segregation_class"), true,
                    SegregationClass::parse, ReasonCode.UNKNOWN_SEGREGATION_CLASS, "one of "
                            + Arrays.toString(SegregationClass.values()));
            LocalDate asOf = f.date("as_of", text(n, "as_of"), true);
            String series = ticker(f, "series_ticker", text(n, "series_ticker"));
            String event = ticker(f, "event_ticker", text(n, "event_ticker"));
            String market = ticker(f, "market_ticker", text(n, "market_ticker"));
            if (f.ok() && !event.startsWith(series)) {
                f.fail(ReasonCode.INCONSISTENT_VALUES, "event_ticker", "event " + event + " is not in series "
                        + series);
            }
            if (f.ok() && !market.startsWith(event)) {
                f.fail(ReasonCode.INCONSISTENT_VALUES, "market_ticker", "market " + market + " is not of event "
                        + event);
            }
            String side = f.parse("side", text(n, "side"), true, EventPositionsParser::side,
                    ReasonCode.INVALID_VALUE, "YES or NO");
            // a count as the DCM's API writes it: a whole number, or fixed-point where the venue trades fractions of
            // a contract (e.g. "12.50"); never negative (the side says which outcome is held)
            BigDecimal contracts = f.quantity("contracts", text(n, "contracts"), true);
            BigDecimal price = f.decimal("average_price", text(n, "average_price"), true);
            if (price != null && (price.signum() <= 0 || price.compareTo(BigDecimal.ONE) >= 0)) {
                f.fail(ReasonCode.INVALID_NUMBER, "average_price", "average_price is dollars per $1 contract and "
                        + "must be between 0 and 1 exclusive, got " + price.toPlainString());
            }
            Boolean exclusive = f.parse("mutually_exclusive", text(n, "mutually_exclusive"), true,
                    EventPositionsParser::bool, ReasonCode.INVALID_VALUE, "true or false");
            String status = f.parse("status", text(n, "status"), true, EventPositionsParser::status,
                    ReasonCode.INVALID_VALUE, "open, closed or settled, or a DCM market status: initialized, unopened,"
                    + " active, inactive, paused, closed, disputed, amended, determined, finalized");
            LocalDate expiration = f.date("expiration_date", text(n, "expiration_date"), false);
            if (f.ok() && "SETTLED".equals(status)) {
                f.fail(ReasonCode.NOT_A_POSITION, "status", "market " + market + " is " + text(n, "status")
                        + " (settled): its outcome is determined and its contracts pay out, so they are no longer an"
                        + " open position");
            }
            if (!f.ok()) {
                return f.failure();
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put(Attr.FEED, ID);
            attrs.put(Attr.CONTRACT_CODE, market);
            attrs.put(Attr.CURRENCY, "USD");
            if (expiration != null) {
                attrs.put(Attr.EXPIRY, expiration.toString());
            }
            attrs.put(Attr.TERM_PREFIX + "side", side);
            attrs.put(Attr.TERM_PREFIX + "event", event);
            attrs.put(Attr.TERM_PREFIX + "series", series);
            attrs.put(Attr.TERM_PREFIX + "mutuallyExclusive", exclusive.toString());
            return new SourcePosition(firm, account, seg, attrs, contracts, BigDecimal.ZERO, null, price, null, asOf,
                    null, ReportAction.NEW, Lineage.of(ID, source.name(), record, location, source.submissionId()));
        }

        @Override
        protected void release() throws IOException {
            if (parser != null) {
                parser.close();
            }
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private static String ticker(Fields f, String field, String value) {
        String v = f.required(field, value);
        if (v != null && !TICKER.matcher(v).matches()) {
            f.fail(ReasonCode.INVALID_VALUE, field, field + " must be upper-case letters, digits, '.', '_' or '-', "
                    + "got '" + v + "'");
            return null;
        }
        return v;
    }

    static Optional<String> side(String v) {
        String u = v.toUpperCase(Locale.ROOT);
        return "YES".equals(u) || "NO".equals(u) ? Optional.of(u) : Optional.empty();
    }

    static Optional<Boolean> bool(String v) {
        return switch (v) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /**
     * A market's status, as Concord's own values or as a DCM's API reports them (Kalshi market lifecycle), to OPEN,
     * CLOSED or SETTLED. Open (trading, or listed and not yet trading) and closed (trading halted or ended, outcome
     * not yet determined, or under dispute) hold risk; settled (outcome determined, paid or being paid) does not:
     * <pre>
     * OPEN      open, active, initialized, unopened
     * CLOSED    closed, inactive, paused, disputed, amended
     * SETTLED   settled, determined, finalized
     * </pre>
     */
    static Optional<String> status(String v) {
        String u = v.toUpperCase(Locale.ROOT);
        return switch (u) {
            case "OPEN", "ACTIVE", "INITIALIZED", "UNOPENED" -> Optional.of("OPEN");
            case "CLOSED", "INACTIVE", "PAUSED", "DISPUTED", "AMENDED" -> Optional.of("CLOSED");
            case "SETTLED", "DETERMINED", "FINALIZED" -> Optional.of("SETTLED");
            default -> Optional.empty();
        };
    }
}
