package io.concord.mapping;

import io.concord.TestMappings;
import io.concord.feed.Attr;
import io.concord.feed.FeedFormats;
import io.concord.feed.FeedItem;
import io.concord.feed.RecordFailure;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceCollateral;
import io.concord.feed.SourcePosition;
import io.concord.gateway.runtime.Gateway;
import io.concord.model.CollateralLine;
import io.concord.model.Lineage;
import io.concord.model.Position;
import io.concord.model.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The indexed, caching normalizer gives exactly what a plain scan of every definition gives: the same product, or
 * the same rejection (reason, field, message; AMBIGUOUS_PRODUCT naming the same definitions in the same order), on
 * every fixture record, on the same records perturbed (an attribute removed, a value changed to one another
 * definition names, an attribute added), each normalized twice (the second from the normalizer's cache), and
 * against a mapping set with overlapping copies of shipped definitions.
 */
class NormalizerLinearScanTest {

    /** A firm LEI for records that name their firm by code, so that every record reaches the matching. */
    private static final String FIRM = "549300LARKSPURSEC059";

    @TempDir
    Path tmp;

    /** The reference: every definition of the kind checked in turn, feed-restricted ones first, then the rest. */
    private static List<ProductDefinition> linearScan(MappingSet set, Map<String, String> attrs, boolean collateral) {
        List<ProductDefinition> byFeed = new ArrayList<>();
        List<ProductDefinition> anyFeed = new ArrayList<>();
        for (ProductDefinition d : set.definitions()) {
            if (set.mapsCollateral(d) != collateral || !d.matches(attrs)) {
                continue;
            }
            Condition feed = d.match().get(Attr.FEED);
            (feed != null && feed.anyOf() != null ? byFeed : anyFeed).add(d);
        }
        byFeed.addAll(anyFeed);
        return byFeed;
    }

    /** The rejection the exactly-one rule gives for {@code found} (null when exactly one matches). */
    private static String[] rejection(List<ProductDefinition> found, Map<String, String> attrs) {
        if (found.isEmpty()) {
            return new String[] {ReasonCode.UNMAPPED_PRODUCT.name(), null, "no product definition matches " + attrs};
        }
        if (found.size() > 1) {
            return new String[] {ReasonCode.AMBIGUOUS_PRODUCT.name(), null, "definitions "
                    + found.stream().map(ProductDefinition::id).toList() + " all match " + attrs};
        }
        return null;
    }

    /** Checks {@code p} through {@code n} twice against the linear scan over {@code set}; returns its outcome. */
    private static String checkPosition(MappingSet set, Normalizer n, SourcePosition p) {
        List<ProductDefinition> found = linearScan(set, p.attributes(), false);
        String[] rejected = rejection(found, p.attributes());
        Normalizer.ProductOrFailure built;
        if (rejected == null) {
            try {
                built = n.product(found.get(0), p.attributes());
            } catch (RuntimeException e) {
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(() -> n.normalize(p)).as(p.attributes().toString()).isInstanceOf(e.getClass());
                }
                return "throws";
            }
            if (built.code() != null) {
                rejected = new String[] {built.code().name(), built.field(), built.message()};
            }
        } else {
            built = null;
        }
        Lineage l = p.lineage();
        for (int i = 0; i < 2; i++) {
            Normalizer.Result r = n.normalize(p);
            if (rejected != null) {
                assertThat(r.position()).as(p.attributes().toString()).isNull();
                assertThat(r.failure()).as(p.attributes().toString()).isEqualTo(new RecordFailure(l.feed(), l.file(),
                        l.record(), l.location(), ReasonCode.valueOf(rejected[0]), rejected[1], rejected[2],
                        p.attributes(), p.firmLei()));
            } else {
                ProductDefinition d = found.get(0);
                assertThat(r.failure()).as(p.attributes().toString()).isNull();
                assertThat(r.position()).as(p.attributes().toString()).isEqualTo(new Position(p.firmLei(),
                        p.account(), p.segregationClass(), built.product(), p.longQty(), p.shortQty(),
                        p.quantities(), p.price(), p.marketValue(), p.asOf(), p.location(), p.action(),
                        l.withMapping(d.id(), d.version(), set.version())));
            }
        }
        return rejected == null ? "mapped" : rejected[0];
    }

    /** Checks {@code c} through {@code n} twice against the linear scan over {@code set}; returns its outcome. */
    private static String checkCollateral(MappingSet set, Normalizer n, SourceCollateral c) {
        List<ProductDefinition> found = linearScan(set, c.attributes(), true);
        String[] rejected = rejection(found, c.attributes());
        Normalizer.ProductOrFailure built = null;
        if (rejected == null) {
            try {
                built = n.product(found.get(0), c.attributes());
            } catch (RuntimeException e) {
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(() -> n.normalize(c)).as(c.attributes().toString()).isInstanceOf(e.getClass());
                }
                return "throws";
            }
            if (built.code() != null) {
                rejected = new String[] {built.code().name(), built.field(), built.message()};
            }
        }
        CollateralLine in = c.line();
        Lineage l = in.lineage();
        for (int i = 0; i < 2; i++) {
            Normalizer.CollateralResult r = n.normalize(c);
            if (rejected != null) {
                assertThat(r.line()).as(c.attributes().toString()).isNull();
                assertThat(r.failure()).as(c.attributes().toString()).isEqualTo(new RecordFailure(l.feed(), l.file(),
                        l.record(), l.location(), ReasonCode.valueOf(rejected[0]), rejected[1], rejected[2],
                        c.attributes(), in.ownerLei()));
            } else {
                ProductDefinition d = found.get(0);
                assertThat(r.failure()).as(c.attributes().toString()).isNull();
                assertThat(r.line().assetClass()).isEqualTo(built.product().taxonomy());
                assertThat(r.line().lineage()).isEqualTo(l.withMapping(d.id(), d.version(), set.version()));
            }
        }
        return rejected == null ? "mapped" : rejected[0];
    }

    private static SourcePosition withAttributes(SourcePosition p, Map<String, String> attrs) {
        return new SourcePosition(p.firmLei() == null ? FIRM : p.firmLei(), p.account(), p.segregationClass(), attrs,
                p.longQty(), p.shortQty(), p.quantities(), p.price(), p.marketValue(), p.asOf(), p.location(),
                p.action(), p.lineage());
    }

    /** Every position and collateral line of every fixture, positions with a firm LEI. */
    private static List<FeedItem> fixtureRecords() throws IOException {
        FeedFormats formats = FeedFormats.standard();
        List<FeedItem> out = new ArrayList<>();
        for (Path f : Gateway.expand(List.of(Path.of("fixtures")))) {
            FeedFormats.Detection d = formats.detect(f);
            if (d.parser() == null) {
                continue;
            }
            try (RecordStream s = d.parser().open(Files.newInputStream(f), FeedFormats.describe(f, d.parser().id()))) {
                while (s.hasNext()) {
                    FeedItem item = s.next();
                    if (item instanceof SourcePosition p) {
                        out.add(withAttributes(p, p.attributes()));
                    } else if (item instanceof SourceCollateral) {
                        out.add(item);
                    }
                }
            }
        }
        return out;
    }

    /** Every attribute a definition names, with the values definitions name for it and two none does. */
    private static Map<String, List<String>> namedValues(MappingSet set) {
        Map<String, List<String>> values = new TreeMap<>();
        for (ProductDefinition d : set.definitions()) {
            d.match().forEach((a, c) -> {
                List<String> vs = values.computeIfAbsent(a, k -> new ArrayList<>(List.of("ZZ-unnamed", "")));
                if (c.anyOf() != null) {
                    vs.addAll(new TreeSet<>(c.anyOf()));
                }
                if (c.notIn() != null) {
                    vs.addAll(new TreeSet<>(c.notIn()));
                }
            });
        }
        values.replaceAll((a, vs) -> List.copyOf(new TreeSet<>(vs)));
        return values;
    }

    /** {@code attrs} perturbed: each attribute removed, and random ones changed or added. */
    private static List<Map<String, String>> perturbed(Map<String, String> attrs, Map<String, List<String>> values,
                                                       SplittableRandom rnd) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String a : attrs.keySet()) {
            Map<String, String> m = new LinkedHashMap<>(attrs);
            m.remove(a);
            out.add(m);
        }
        List<String> named = new ArrayList<>(values.keySet());
        for (int i = 0; i < 6; i++) {
            Map<String, String> m = new LinkedHashMap<>(attrs);
            for (int k = 0; k <= i % 3; k++) {
                String a = named.get(rnd.nextInt(named.size()));
                List<String> vs = values.get(a);
                m.put(a, vs.get(rnd.nextInt(vs.size())));
            }
            out.add(m);
        }
        return out;
    }

    /** Runs every fixture record and its perturbations through a normalizer of {@code set}; counts outcomes. */
    private static Map<String, Integer> checkAll(MappingSet set, boolean perturb) throws IOException {
        Normalizer n = new Normalizer(set);
        Map<String, List<String>> values = namedValues(set);
        SplittableRandom rnd = new SplittableRandom(23);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (FeedItem item : fixtureRecords()) {
            if (item instanceof SourcePosition p) {
                outcomes.merge(checkPosition(set, n, p), 1, Integer::sum);
                if (perturb) {
                    for (Map<String, String> attrs : perturbed(p.attributes(), values, rnd)) {
                        outcomes.merge(checkPosition(set, n, withAttributes(p, attrs)), 1, Integer::sum);
                    }
                }
            } else if (item instanceof SourceCollateral c) {
                outcomes.merge(checkCollateral(set, n, c), 1, Integer::sum);
                if (perturb) {
                    for (Map<String, String> attrs : perturbed(c.attributes(), values, rnd)) {
                        outcomes.merge(checkCollateral(set, n, new SourceCollateral(c.line(), attrs)), 1,
                                Integer::sum);
                    }
                }
            }
        }
        return outcomes;
    }

    @Test
    void everyFixtureRecordAndItsPerturbationsGiveWhatALinearScanGives() throws Exception {
        Map<String, Integer> outcomes = checkAll(TestMappings.SHIPPED, true);
        assertThat(outcomes.getOrDefault("mapped", 0)).as(outcomes.toString()).isGreaterThan(1000);
        assertThat(outcomes.getOrDefault(ReasonCode.UNMAPPED_PRODUCT.name(), 0)).as(outcomes.toString())
                .isGreaterThan(1000);
        // the shipped definitions do not overlap, so no record is AMBIGUOUS here (the next test makes them overlap)
        assertThat(outcomes.getOrDefault(ReasonCode.MISSING_ATTRIBUTE.name(), 0)
                + outcomes.getOrDefault(ReasonCode.MULTIPLIER_MISMATCH.name(), 0)
                + outcomes.getOrDefault(ReasonCode.INCONSISTENT_VALUES.name(), 0)).as(outcomes.toString())
                .isPositive();
    }

    @Test
    void overlappingDefinitionsAreRejectedAmbiguousNamingTheSameDefinitionsInOrder() throws Exception {
        // copies of shipped definitions: every 5th twinned under another id (the same feed: its file sorts before
        // the original's), every 7th widened to any feed (its feed condition dropped: named after the original)
        Path dir = TestMappings.copyShipped(tmp);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("products"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        int copies = 0;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            String yaml = Files.readString(f);
            String base = f.getFileName().toString().replace(".yaml", "");
            if (i % 5 == 0) {
                Files.writeString(f.resolveSibling(base + "-twin.yaml"), yaml.replaceFirst("(?m)^id: .*$",
                        "id: " + base + "-twin"));
                copies++;
            }
            if (i % 7 == 0 && yaml.matches("(?s).*\n  feed: [^\n\\[{]+\n.*")) {
                Files.writeString(f.resolveSibling("zz-" + base + "-wide.yaml"), yaml
                        .replaceFirst("(?m)^id: .*$", "id: zz-" + base + "-wide")
                        .replaceFirst("\n  feed: [^\n]+\n", "\n"));
                copies++;
            }
        }
        MappingSet overlapping = MappingSet.load(dir);
        assertThat(overlapping.definitions()).hasSize(TestMappings.SHIPPED.definitions().size() + copies);
        Map<String, Integer> outcomes = checkAll(overlapping, false);
        assertThat(outcomes.getOrDefault(ReasonCode.AMBIGUOUS_PRODUCT.name(), 0)).as(outcomes.toString())
                .isGreaterThan(100);
        assertThat(outcomes.getOrDefault("mapped", 0)).as(outcomes.toString()).isGreaterThan(100);
    }
}
