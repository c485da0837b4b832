package io.concord.mapping;

import io.concord.feed.Attr;
import io.concord.feed.FeedItem;
import io.concord.feed.RecordBatch;
import io.concord.feed.SourceSensitivity;
import io.concord.model.Sensitivity;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourceCollateral;
import io.concord.model.CollateralLine;
import io.concord.feed.SourcePosition;
import io.concord.model.Lineage;
import io.concord.model.Position;
import io.concord.model.Product;
import io.concord.model.ProductIds;
import io.concord.model.PutCall;
import io.concord.model.ReasonCode;
import io.concord.model.SegregationClass;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a source record to a product through the mapping set. Exactly one definition must match: none gives
 * {@code UNMAPPED_PRODUCT}, several give {@code AMBIGUOUS_PRODUCT} naming them; there is no first-match rule.
 * Positions are matched against position definitions, collateral lines against collateral definitions (those
 * whose taxonomy code is a {@code COLLATERAL/...} node).
 */
public final class Normalizer {

    /** {@code {attribute}} in a product value: the record's attribute (names may hold dots: {@code {term.event}}). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.]+)}");

    private final MappingSet mappings;
    /**
     * Position and collateral definitions indexed by the attributes that tell them apart, each in the order of a
     * check of every definition: those restricted to the record's feed, then those for any feed (the order
     * AMBIGUOUS_PRODUCT names them in).
     */
    private final DefinitionIndex positions;
    private final DefinitionIndex collateral;

    public Normalizer(MappingSet mappings) {
        this.mappings = mappings;
        List<ProductDefinition> ordered = new ArrayList<>();
        List<ProductDefinition> anyFeed = new ArrayList<>();
        for (ProductDefinition d : mappings.definitions()) {
            Condition feed = d.match().get(Attr.FEED);
            (feed != null && feed.anyOf() != null ? ordered : anyFeed).add(d);
        }
        ordered.addAll(anyFeed);
        this.positions = new DefinitionIndex(ordered.stream().filter(d -> !mappings.mapsCollateral(d)).toList());
        this.collateral = new DefinitionIndex(ordered.stream().filter(mappings::mapsCollateral).toList());
    }

    public MappingSet mappings() {
        return mappings;
    }

    /** Result of normalizing one record: a position or a failure. */
    public record Result(Position position, RecordFailure failure) {
    }

    /** Every definition of the kind (collateral or positions) that matches {@code attributes}. */
    public List<ProductDefinition> candidates(Map<String, String> attributes, boolean collateral) {
        return (collateral ? this.collateral : positions).matching(attributes);
    }

    /**
     * A parsed batch normalized: positions and collateral mapped to products (or rejected), sensitivities passed
     * through, parser failures kept.
     */
    public NormalizedBatch normalize(RecordBatch batch) {
        List<Position> ok = new ArrayList<>(batch.items().size());
        List<CollateralLine> collateral = new ArrayList<>();
        List<Sensitivity> sensitivities = new ArrayList<>();
        List<RecordFailure> failed = new ArrayList<>();
        for (FeedItem item : batch.items()) {
            if (item instanceof SourcePosition p) {
                Result r = normalize(p);
                if (r.position() != null) {
                    ok.add(r.position());
                } else {
                    failed.add(r.failure());
                }
            } else if (item instanceof SourceCollateral c) {
                CollateralResult r = normalize(c);
                if (r.line() != null) {
                    collateral.add(r.line());
                } else {
                    failed.add(r.failure());
                }
            } else if (item instanceof SourceSensitivity s) {
                sensitivities.add(s.sensitivity());
            } else if (item instanceof RecordFailure f) {
                failed.add(f);
            } else {
                throw new IllegalStateException("unexpected feed item " + item.getClass().getName());
            }
        }
        return new NormalizedBatch(batch.source(), batch.sequence(), batch.last(), ok, collateral, sensitivities,
                failed);
    }

    public Result normalize(SourcePosition p) {
        Lineage l = p.lineage();
        String firmLei = p.firmLei();
        SegregationClass seg = p.segregationClass();
        if (firmLei == null) {
            String code = p.attributes().get(Attr.FIRM_CODE);
            FirmDirectory.Firm firm = mappings.firms().byCode(code).orElse(null);
            if (firm == null) {
                return fail(p, null, ReasonCode.UNKNOWN_FIRM, Attr.FIRM_CODE, "reporting firm code '" + code
                        + "' is not in firms.yaml; known codes: " + mappings.firms().firms().keySet());
            }
            firmLei = firm.lei();
            if (seg == null) {
                List<FirmDirectory.AccountRule> rules = FirmDirectory.rulesFor(firm, p.account());
                if (rules.size() != 1) {
                    return fail(p, firmLei, ReasonCode.UNKNOWN_SEGREGATION_CLASS, "account", "account " + p.account()
                            + " of firm " + code + " matches " + rules.size() + " account rules in firms.yaml"
                            + (rules.isEmpty() ? "" : " " + rules.stream().map(r -> r.pattern().pattern()).toList())
                            + "; exactly one must give its segregation class");
                }
                seg = rules.get(0).segregationClass();
            }
        }
        Mapped mapped = mapped(p.attributes(), false);
        List<ProductDefinition> found = mapped.found();
        if (found.isEmpty()) {
            return fail(p, firmLei, ReasonCode.UNMAPPED_PRODUCT, null, "no product definition matches " + p.attributes());
        }
        if (found.size() > 1) {
            return fail(p, firmLei, ReasonCode.AMBIGUOUS_PRODUCT, null, "definitions "
                    + found.stream().map(ProductDefinition::id).toList() + " all match " + p.attributes());
        }
        ProductDefinition d = found.get(0);
        ProductOrFailure built = mapped.built();
        if (built.code() != null) {
            return fail(p, firmLei, built.code(), built.field(), built.message());
        }
        return new Result(new Position(firmLei, p.account(), seg, built.product(), p.longQty(),
                p.shortQty(), p.quantities(), p.price(), p.marketValue(), p.asOf(), p.location(), p.action(),
                l.withMapping(d.id(), d.version(), mappings.version())), null);
    }

    /** Result of normalizing one collateral line: the line with its asset class, or a failure. */
    public record CollateralResult(CollateralLine line, RecordFailure failure) {
    }

    /**
     * Maps a collateral line's asset attributes to a taxonomy node (a {@code COLLATERAL/...} code) through the
     * same definitions and the same exactly-one rule as positions.
     */
    public CollateralResult normalize(SourceCollateral c) {
        CollateralLine in = c.line();
        Lineage l = in.lineage();
        Mapped mapped = mapped(c.attributes(), true);
        List<ProductDefinition> found = mapped.found();
        if (found.size() != 1) {
            ReasonCode code = found.isEmpty() ? ReasonCode.UNMAPPED_PRODUCT : ReasonCode.AMBIGUOUS_PRODUCT;
            String message = found.isEmpty() ? "no product definition matches " + c.attributes()
                    : "definitions " + found.stream().map(ProductDefinition::id).toList() + " all match "
                    + c.attributes();
            return new CollateralResult(null, new RecordFailure(l.feed(), l.file(), l.record(), l.location(), code,
                    null, message, c.attributes(), in.ownerLei()));
        }
        ProductDefinition d = found.get(0);
        ProductOrFailure built = mapped.built();
        if (built.code() != null) {
            return new CollateralResult(null, new RecordFailure(l.feed(), l.file(), l.record(), l.location(),
                    built.code(), built.field(), built.message(), c.attributes(), in.ownerLei()));
        }
        return new CollateralResult(new CollateralLine(in.asOf(), in.source(), in.ownerLei(), in.account(),
                in.segregationClass(), in.location(), in.assetIds(), built.product().taxonomy(), in.tokenized(),
                in.chain(), in.contractAddress(), in.custodyModel(), in.quantity(), in.price(), in.marketValue(),
                in.currency(), in.haircutPct(), in.haircutSource(), in.postHaircutValue(), in.purpose(),
                in.direction(), in.collateralisation(), l.withMapping(d.id(), d.version(), mappings.version())), null);
    }

    /**
     * What the definitions of one kind make of one set of attributes: every definition that matches and, when
     * exactly one does, what it makes of them (null otherwise).
     */
    private record Mapped(List<ProductDefinition> found, ProductOrFailure built) {
    }

    /**
     * A record's attributes as a cache key: names and values in the record's order, compared in that order with
     * no lookups (the same attributes in another order make another key, mapped again to the same outcome).
     */
    private record AttributesKey(String[] entries, int hash) {
        static AttributesKey of(Map<String, String> attrs) {
            String[] entries = new String[attrs.size() * 2];
            int[] at = {0};
            // forEach walks the map itself; an entry set iterator wraps each entry of an unmodifiable map
            attrs.forEach((k, v) -> {
                entries[at[0]++] = k;
                entries[at[0]++] = v;
            });
            return new AttributesKey(entries, Arrays.hashCode(entries));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AttributesKey k && k.hash == hash && Arrays.equals(k.entries, entries);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * Attributes already mapped, by kind, so that the records of one instrument are matched and built once: the
     * outcome depends on the attributes alone (bounded: cleared when full). A record of an instrument not seen
     * yet pays the index and the product; a repeat pays one hash and one comparison of its attributes.
     */
    private final Map<AttributesKey, Mapped> mappedPositions = new ConcurrentHashMap<>();
    private final Map<AttributesKey, Mapped> mappedCollateral = new ConcurrentHashMap<>();
    static final int MAPPED_CACHE = 16_384;

    private Mapped mapped(Map<String, String> attrs, boolean collateral) {
        Map<AttributesKey, Mapped> cache = collateral ? mappedCollateral : mappedPositions;
        AttributesKey key = AttributesKey.of(attrs);
        Mapped mapped = cache.get(key);
        if (mapped == null) {
            List<ProductDefinition> found = List.copyOf(candidates(attrs, collateral));
            mapped = new Mapped(found, found.size() == 1 ? product(found.get(0), attrs) : null);
            if (cache.size() >= MAPPED_CACHE) {
                cache.clear();
            }
            cache.put(key, mapped);
        }
        return mapped;
    }

    /** What definition {@code d} makes of {@code attrs}: a product, or why it cannot make one. */
    public ProductOrFailure product(ProductDefinition d, Map<String, String> attrs) {
        Map<String, String> spec = d.product();
        Map<String, String> resolved = new HashMap<>();
        for (Map.Entry<String, String> e : spec.entrySet()) {
            Matcher m = PLACEHOLDER.matcher(e.getValue());
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String v = attrs.get(m.group(1));
                if (v == null) {
                    return ProductOrFailure.failed(ReasonCode.MISSING_ATTRIBUTE, m.group(1), "definition " + d.id()
                            + " needs attribute '" + m.group(1) + "' for product." + e.getKey());
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(v));
            }
            m.appendTail(sb);
            resolved.put(e.getKey(), sb.toString());
        }
        BigDecimal multiplier;
        try {
            multiplier = new BigDecimal(resolved.get("multiplier"));
        } catch (NumberFormatException e) {
            return ProductOrFailure.failed(ReasonCode.INVALID_NUMBER, Attr.MULTIPLIER, "definition " + d.id()
                    + " gives multiplier '" + resolved.get("multiplier") + "', not a number");
        }
        String reported = attrs.get(Attr.MULTIPLIER);
        if (reported != null && new BigDecimal(reported).compareTo(multiplier) != 0) {
            return ProductOrFailure.failed(ReasonCode.MULTIPLIER_MISMATCH, Attr.MULTIPLIER, "record says multiplier "
                    + reported + ", definition " + d.id() + " says " + multiplier.toPlainString());
        }
        String currency = resolved.get("currency");
        String reportedCcy = attrs.get(Attr.CURRENCY);
        if (reportedCcy != null && !reportedCcy.equals(currency)) {
            return ProductOrFailure.failed(ReasonCode.INCONSISTENT_VALUES, Attr.CURRENCY, "record is in "
                    + reportedCcy + ", definition " + d.id() + " prices in " + currency);
        }
        TaxonomyNode node = mappings.taxonomy().node(resolved.get("taxonomy")).orElseThrow();
        String code = attrs.getOrDefault(Attr.CONTRACT_CODE, attrs.get(Attr.SYMBOL));
        ProductIds ids = new ProductIds(attrs.get(Attr.ISIN), attrs.get(Attr.CUSIP), attrs.get(Attr.CFI),
                attrs.get(Attr.UPI), attrs.get(Attr.DTI), attrs.get(Attr.EXCHANGE), code, attrs.get(Attr.MATURITY));
        String expiry = attrs.get(Attr.EXPIRY);
        String strike = attrs.get(Attr.STRIKE);
        String pc = attrs.get(Attr.PUT_CALL);
        Map<String, String> terms = new HashMap<>();
        attrs.forEach((k, v) -> {
            if (k.startsWith(Attr.TERM_PREFIX)) {
                terms.put(k.substring(Attr.TERM_PREFIX.length()), v);
            }
        });
        Product product = new Product(node.code(), node.agency(), node.regime(), ids, resolved.get("riskFactor"),
                multiplier, currency, resolved.get("marginKey"), expiry == null ? null : LocalDate.parse(expiry),
                strike == null ? null : new BigDecimal(strike), pc == null ? null : PutCall.valueOf(pc), terms);
        return new ProductOrFailure(product, null, null, null);
    }

    /** A product, or the reason code, field and message of why none could be built. */
    public record ProductOrFailure(Product product, ReasonCode code, String field, String message) {
        static ProductOrFailure failed(ReasonCode code, String field, String message) {
            return new ProductOrFailure(null, code, field, message);
        }
    }

    /** The position rejected; the failure names {@code firm}, the firm it reports for (null: unknown). */
    private static Result fail(SourcePosition p, String firm, ReasonCode code, String field, String message) {
        Lineage l = p.lineage();
        return new Result(null, new RecordFailure(l.feed(), l.file(), l.record(), l.location(), code, field, message,
                p.attributes(), firm));
    }
}
