package io.concord.feed;

import io.concord.model.CollateralLine;
import io.concord.model.Lineage;
import io.concord.model.ReasonCode;
import io.concord.model.Sensitivity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The longest value Concord takes in any field of a record, checked in one place for every feed: where a parser's
 * items are grouped into batches ({@link RecordBatch#batches}), before anything is normalized, written, booked or
 * stored. A record with a longer field is rejected with {@code INVALID_VALUE} naming the field, its length and the
 * limit; a record already rejected keeps its reason, but the raw values and the message it carries are cut to the
 * limits (with a marker saying how long they were), so no output (acks, exceptions, workbooks, the ledger) ever
 * holds an unbounded value.
 *
 * <p>The limits are generous next to the formats Concord reads: LEIs are 20 characters, UTIs 52, ISINs 12,
 * account and portfolio identifiers a few dozen; the longest texts the formats define are ISO 20022's Max350Text
 * and N-PORT's 150-character names.
 */
public final class FieldBounds {

    /** Firm, account, portfolio, trade id, custody location: the identifiers a record is booked and stored under. */
    public static final int IDENTIFIER = 128;
    /** A product attribute (identifiers, codes, terms, names) and its name. */
    public static final int ATTRIBUTE = 512;
    /** Where the record is in its file, as the parser describes it. */
    public static final int LOCATION = 1024;
    /** A rejection's message. */
    public static final int MESSAGE = 2048;

    private FieldBounds() {
    }

    /** {@code item} when every field is within its limit, else its rejection; a rejection with its texts cut. */
    public static FeedItem check(FeedItem item) {
        if (item instanceof SourcePosition p) {
            Lineage l = p.lineage();
            Over over = first(
                    over("firm", p.firmLei(), IDENTIFIER),
                    over("account", p.account(), IDENTIFIER),
                    over("location", p.location(), IDENTIFIER),
                    over("location in file", l.location(), LOCATION),
                    attributes(p.attributes()),
                    keys(p.quantities()));
            return over == null ? item : reject(l, over, p.attributes(), p.firmLei());
        }
        if (item instanceof SourceCollateral c) {
            CollateralLine line = c.line();
            Lineage l = line.lineage();
            CollateralLine.AssetIds ids = line.assetIds();
            Over over = first(
                    over("owner", line.ownerLei(), IDENTIFIER),
                    over("account", line.account(), IDENTIFIER),
                    over("location", line.location(), IDENTIFIER),
                    over("location in file", l.location(), LOCATION),
                    ids == null ? null : first(over("isin", ids.isin(), ATTRIBUTE),
                            over("cusip", ids.cusip(), ATTRIBUTE), over("dti", ids.dti(), ATTRIBUTE),
                            over("currency", ids.currency(), ATTRIBUTE)),
                    over("source", line.source(), ATTRIBUTE),
                    over("chain", line.chain(), ATTRIBUTE),
                    over("contract address", line.contractAddress(), ATTRIBUTE),
                    over("custody model", line.custodyModel(), ATTRIBUTE),
                    over("currency", line.currency(), ATTRIBUTE),
                    over("haircut source", line.haircutSource(), ATTRIBUTE),
                    over("collateralisation", line.collateralisation(), ATTRIBUTE),
                    attributes(c.attributes()));
            return over == null ? item : reject(l, over, c.attributes(), line.ownerLei());
        }
        if (item instanceof SourceSensitivity s) {
            Sensitivity x = s.sensitivity();
            Lineage l = x.lineage();
            Over over = first(
                    over("FirmLEI", x.firmLei(), IDENTIFIER),
                    over("PortfolioID", x.account(), IDENTIFIER),
                    over("TradeID", x.tradeId(), IDENTIFIER),
                    over("location in file", l.location(), LOCATION),
                    over("IMModel", x.imModel(), ATTRIBUTE),
                    over("ProductClass", x.productClass(), ATTRIBUTE),
                    over("RiskType", x.riskType(), ATTRIBUTE),
                    over("Qualifier", x.qualifier(), ATTRIBUTE),
                    over("Bucket", x.bucket(), ATTRIBUTE),
                    over("Label1", x.label1(), ATTRIBUTE),
                    over("Label2", x.label2(), ATTRIBUTE),
                    over("AmountCurrency", x.amountCurrency(), ATTRIBUTE),
                    over("PostRegulation", x.postRegulations(), ATTRIBUTE),
                    over("CollectRegulation", x.collectRegulations(), ATTRIBUTE));
            return over == null ? item : reject(l, over, Map.of(), x.firmLei());
        }
        if (item instanceof RecordFailure f) {
            return bound(f);
        }
        return item;
    }

    /**
     * {@code f} with its location, field, message and raw attributes (names and values) cut to the limits: what
     * every rejection is before it is counted and written (a normalizer's message quotes the record's attributes).
     */
    public static RecordFailure bound(RecordFailure f) {
        boolean within = within(f.location(), LOCATION) && within(f.field(), ATTRIBUTE)
                && within(f.message(), MESSAGE) && f.attributes().entrySet().stream()
                .allMatch(e -> within(e.getKey(), ATTRIBUTE) && within(e.getValue(), ATTRIBUTE));
        if (within) {
            return f;
        }
        return new RecordFailure(f.feed(), f.file(), f.record(), cut(f.location(), LOCATION), f.code(),
                cut(f.field(), ATTRIBUTE), cut(f.message(), MESSAGE), cut(f.attributes()), f.firm());
    }

    /** {@code value} cut to {@code limit} characters, with a marker saying how long it was; null stays null. */
    public static String cut(String value, int limit) {
        if (value == null || value.length() <= limit) {
            return value;
        }
        String marker = String.format(java.util.Locale.ROOT, "... [cut: %,d characters]", value.length());
        int keep = Math.max(0, limit - marker.length());
        if (keep > 0 && Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--; // never split a character in two
        }
        return value.substring(0, keep) + marker;
    }

    private static Map<String, String> cut(Map<String, String> attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> out.put(cut(k, ATTRIBUTE), cut(v, ATTRIBUTE)));
        return out;
    }

    private static RecordFailure reject(Lineage l, Over over, Map<String, String> attributes, String firm) {
        return new RecordFailure(l.feed(), l.file(), l.record(), cut(l.location(), LOCATION), ReasonCode.INVALID_VALUE,
                over.field(), over.message(), cut(attributes), firm);
    }

    /** A field over its limit, and the rejection's message. */
    private record Over(String field, String message) {
    }

    /** Null when {@code value} is within {@code limit}, else the field and why. */
    private static Over over(String field, String value, int limit) {
        if (within(value, limit)) {
            return null;
        }
        return new Over(cut(field, ATTRIBUTE), String.format(java.util.Locale.ROOT,
                "%s is %,d characters long; at most %,d are accepted", cut(field, 64), value.length(), limit));
    }

    private static Over attributes(Map<String, String> attributes) {
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            Over over = first(over("attribute name", e.getKey(), ATTRIBUTE), over(e.getKey(), e.getValue(), ATTRIBUTE));
            if (over != null) {
                return over;
            }
        }
        return null;
    }

    private static Over keys(Map<String, ?> map) {
        for (String k : map.keySet()) {
            Over over = over("quantity type", k, IDENTIFIER);
            if (over != null) {
                return over;
            }
        }
        return null;
    }

    private static boolean within(String value, int limit) {
        return value == null || value.length() <= limit;
    }

    private static Over first(Over... problems) {
        for (Over p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }
}
