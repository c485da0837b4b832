package io.concord.mapping;

import io.concord.feed.Attr;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Why a record (a position, or a collateral line) maps the way it does: the definitions that match with every condition they checked, and when none
 * (or several) match, the nearest misses with the conditions that failed.
 */
public final class Explainer {

    /** How many near misses an explanation lists at most. */
    public static final int NEAR_MISSES = 5;

    private final Normalizer normalizer;

    public Explainer(Normalizer normalizer) {
        this.normalizer = normalizer;
    }

    /** A definition and its conditions checked against the record. */
    public record Candidate(ProductDefinition definition, List<ProductDefinition.Check> checks) {
        public long failed() {
            return checks.stream().filter(c -> !c.holds()).count();
        }
    }

    /**
     * @param matched     definitions that match (exactly one for the record to map)
     * @param nearMisses  when none matches: the definitions for the record's feed (or for any feed) with the
     *                    fewest failed conditions, fewest first
     * @param product     with exactly one match: the product it builds, or why it cannot
     */
    public record Explanation(Map<String, String> attributes, List<Candidate> matched, List<Candidate> nearMisses,
                              Normalizer.ProductOrFailure product) {
    }

    /** Explains a position record ({@code collateral} false) or a collateral line's asset attributes. */
    public Explanation explain(Map<String, String> attributes, boolean collateral) {
        MappingSet set = normalizer.mappings();
        List<Candidate> matched = normalizer.candidates(attributes, collateral).stream()
                .map(d -> new Candidate(d, d.check(attributes))).toList();
        List<Candidate> near = matched.isEmpty() ? set.definitions().stream()
                .filter(d -> set.mapsCollateral(d) == collateral && feedAllows(d, attributes.get(Attr.FEED)))
                .map(d -> new Candidate(d, d.check(attributes)))
                .sorted(Comparator.comparingLong(Candidate::failed))
                .limit(NEAR_MISSES).toList() : List.of();
        Normalizer.ProductOrFailure product = matched.size() == 1
                ? normalizer.product(matched.get(0).definition(), attributes) : null;
        return new Explanation(Map.copyOf(attributes), matched, near, product);
    }

    private static boolean feedAllows(ProductDefinition d, String feed) {
        Condition c = d.match().get(Attr.FEED);
        return c == null || c.test(feed);
    }
}
