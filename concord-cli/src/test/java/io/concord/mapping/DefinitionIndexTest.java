package io.concord.mapping;

import io.concord.TestMappings;
import io.concord.feed.Attr;
import io.concord.feed.FeedFormats;
import io.concord.feed.FeedItem;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceCollateral;
import io.concord.feed.SourcePosition;
import io.concord.gateway.runtime.Gateway;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The normalizer's index of product definitions finds exactly the definitions a check of every definition finds,
 * in the same order (the order AMBIGUOUS_PRODUCT names them in): on every record of every fixture and on random
 * records built from the values the shipped definitions name.
 */
class DefinitionIndexTest {

    private static final MappingSet SET = TestMappings.SHIPPED;
    private final Normalizer normalizer = new Normalizer(SET);

    /** The definitions of the kind that match, by checking each: feed-restricted ones first, then the rest. */
    private static List<ProductDefinition> bruteForce(Map<String, String> attrs, boolean collateral) {
        List<ProductDefinition> byFeed = new ArrayList<>();
        List<ProductDefinition> anyFeed = new ArrayList<>();
        for (ProductDefinition d : SET.definitions()) {
            Condition feed = d.match().get(Attr.FEED);
            if (SET.mapsCollateral(d) != collateral || !d.matches(attrs)) {
                continue;
            }
            (feed != null && feed.anyOf() != null ? byFeed : anyFeed).add(d);
        }
        byFeed.addAll(anyFeed);
        return byFeed;
    }

    @Test
    void everyFixtureRecordFindsWhatACheckOfEveryDefinitionFinds() throws Exception {
        FeedFormats formats = FeedFormats.standard();
        int positions = 0;
        int collateral = 0;
        int ambiguousOrUnmapped = 0;
        for (Path f : Gateway.expand(List.of(Path.of("fixtures")))) {
            FeedFormats.Detection d = formats.detect(f);
            if (d.parser() == null) {
                continue;
            }
            try (RecordStream s = d.parser().open(Files.newInputStream(f), FeedFormats.describe(f, d.parser().id()))) {
                while (s.hasNext()) {
                    FeedItem item = s.next();
                    Map<String, String> attrs;
                    boolean isCollateral;
                    if (item instanceof SourcePosition p) {
                        attrs = p.attributes();
                        isCollateral = false;
                        positions++;
                    } else if (item instanceof SourceCollateral c) {
                        attrs = c.attributes();
                        isCollateral = true;
                        collateral++;
                    } else {
                        continue;
                    }
                    List<ProductDefinition> expected = bruteForce(attrs, isCollateral);
                    assertThat(normalizer.candidates(attrs, isCollateral)).as(f + ": " + attrs)
                            .containsExactlyElementsOf(expected);
                    if (expected.size() != 1) {
                        ambiguousOrUnmapped++;
                    }
                }
            }
        }
        assertThat(positions).isGreaterThan(1000);
        assertThat(collateral).isGreaterThan(20);
        assertThat(ambiguousOrUnmapped).as("the fixtures hold unmapped records").isPositive();
    }

    /** Every attribute a definition names, with the values it names and values none does. */
    private static Map<String, List<String>> namedValues(List<ProductDefinition> defs) {
        Map<String, List<String>> values = new TreeMap<>();
        for (ProductDefinition d : defs) {
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
        return values;
    }

    /** A record with a random subset of the attributes (the feed almost always), each a random named value. */
    private static Map<String, String> randomRecord(Map<String, List<String>> values, SplittableRandom rnd) {
        Map<String, String> attrs = new HashMap<>();
        values.forEach((a, vs) -> {
            if (rnd.nextInt(100) < (a.equals(Attr.FEED) ? 95 : 50)) {
                attrs.put(a, vs.get(rnd.nextInt(vs.size())));
            }
        });
        return attrs;
    }

    @Test
    void randomRecordsFindWhatACheckOfEveryDefinitionFinds() {
        Map<String, List<String>> values = namedValues(SET.definitions());
        SplittableRandom rnd = new SplittableRandom(23);
        int matched = 0;
        for (int i = 0; i < 100_000; i++) {
            Map<String, String> attrs = randomRecord(values, rnd);
            boolean isCollateral = rnd.nextBoolean();
            List<ProductDefinition> expected = bruteForce(attrs, isCollateral);
            assertThat(normalizer.candidates(attrs, isCollateral)).as(attrs.toString())
                    .containsExactlyElementsOf(expected);
            matched += expected.size() == 1 ? 1 : 0;
        }
        assertThat(matched).as("random records that map").isGreaterThan(100);
    }

    @Test
    void overlappingDefinitionsAreAllFoundInOrder() {
        // the shipped definitions do not overlap; widened copies (one condition dropped, or a named value
        // replaced by "present" or "absent") overlap them, so that records match two, three or more
        SplittableRandom rnd = new SplittableRandom(45);
        List<ProductDefinition> defs = new ArrayList<>();
        for (ProductDefinition d : SET.definitions()) {
            defs.add(d);
            for (int copy = 0; copy < 2; copy++) {
                List<String> keys = new ArrayList<>(d.match().keySet());
                String key = keys.get(rnd.nextInt(keys.size()));
                Map<String, Condition> match = new java.util.LinkedHashMap<>(d.match());
                switch (rnd.nextInt(3)) {
                    case 0 -> match.remove(key);
                    case 1 -> match.put(key, Condition.notIn(java.util.Set.of("ZZ-unnamed")));
                    default -> match.put(key, Condition.absence());
                }
                defs.add(rnd.nextInt(defs.size() + 1) == 0 ? 0 : defs.size(), new ProductDefinition(d.id() + "-wide"
                        + copy, 1, d.status(), d.description(), match, d.product(), List.of(), d.file(), d.line()));
            }
        }
        DefinitionIndex index = new DefinitionIndex(defs);
        assertThat(index.nodes()).as("index nodes").isLessThan(20 * defs.size());
        Map<String, List<String>> values = namedValues(defs);
        int ambiguous = 0;
        int unmapped = 0;
        for (int i = 0; i < 100_000; i++) {
            Map<String, String> attrs = randomRecord(values, rnd);
            List<ProductDefinition> expected = defs.stream().filter(d -> d.matches(attrs)).toList();
            assertThat(index.matching(attrs)).as(attrs.toString()).containsExactlyElementsOf(expected);
            ambiguous += expected.size() > 1 ? 1 : 0;
            unmapped += expected.isEmpty() ? 1 : 0;
        }
        assertThat(ambiguous).as("records several definitions match").isGreaterThan(1000);
        assertThat(unmapped).as("records no definition matches").isGreaterThan(1000);
    }

    @Test
    void aRecordIsCheckedAgainstAFewDefinitionsNotAll() {
        List<ProductDefinition> all = SET.definitions().stream().filter(d -> !SET.mapsCollateral(d)).toList();
        DefinitionIndex index = new DefinitionIndex(all);
        assertThat(all).hasSizeGreaterThan(80);
        // the widest: N-PORT rate futures told apart only by patterns on their underlying or ticker (18 since the
        // Euro-Bobl, Euro-BTP, Euro-OAT and Canada 10-year joined the Treasury, Bund, Gilt and STIR futures)
        assertThat(index.widestLeaf()).isLessThanOrEqualTo(24);
        assertThat(index.nodes()).as("index nodes").isLessThan(10 * all.size());
    }
}
