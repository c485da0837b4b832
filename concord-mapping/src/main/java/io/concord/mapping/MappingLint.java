package io.concord.mapping;

import io.concord.feed.Attr;

import java.nio.file.Path;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a mappings folder the way a maintainer needs before committing: every file against its schema, taxonomy
 * codes, unique ids, feed ids, condition keys, patterns lint can analyse, and pairs of definitions that can
 * match one record (which would be {@code AMBIGUOUS_PRODUCT} at run time). Every problem has file and line, and
 * every problem is reported in one pass.
 */
public final class MappingLint {

    private MappingLint() {
    }

    /**
     * Every problem, ordered by file and line; empty when the folder is clean. {@code feeds} are the feed ids
     * Concord reads: a definition restricted to another feed could never match.
     */
    public static List<MappingProblem> lint(Path dir, Collection<String> feeds) {
        MappingSet.Loaded loaded = MappingSet.read(dir);
        List<MappingProblem> problems = new ArrayList<>(loaded.problems());
        loaded.set().ifPresent(set -> {
            for (ProductDefinition d : set.definitions()) {
                Condition feed = d.match().get(Attr.FEED);
                if (feed != null && feed.anyOf() != null) {
                    new TreeSet<>(feed.anyOf()).stream().filter(f -> !feeds.contains(f)).forEach(f -> problems.add(
                            new MappingProblem(d.file(), d.line(), "match.feed: '" + f + "' is not a feed Concord "
                                    + "reads (" + String.join(", ", feeds) + "), so it never matches")));
                }
            }
            List<MappingProblem> unknown = new ArrayList<>();
            List<ProductDefinition> known = new ArrayList<>();
            for (ProductDefinition d : set.definitions()) {
                List<MappingProblem> of = unknownAttributes(d, set.definitions());
                unknown.addAll(of);
                if (of.isEmpty()) {
                    known.add(d);
                }
            }
            problems.addAll(unknown);
            // a definition with an unknown key is not checked against the others: the key constrains an attribute
            // no record has, so any overlap lint found would be an artefact of the misspelling, reported elsewhere
            problems.addAll(check(set, known));
        });
        problems.sort(Comparator.comparing(MappingProblem::file).thenComparingInt(MappingProblem::line));
        return problems;
    }

    /**
     * Problems among loaded definitions: unanalysable patterns and overlapping pairs of one kind (positions and
     * collateral lines are matched against different definitions, so a position and a collateral definition
     * never compete).
     */
    static List<MappingProblem> check(MappingSet set) {
        return check(set, set.definitions());
    }

    private static List<MappingProblem> check(MappingSet set, List<ProductDefinition> defs) {
        List<MappingProblem> problems = new ArrayList<>();
        for (ProductDefinition d : defs) {
            d.match().forEach((attr, c) -> {
                if (c.pattern() != null) {
                    Overlaps.unsupported(c.pattern().pattern()).ifPresent(why -> problems.add(new MappingProblem(
                            d.file(), d.line(), "match." + attr + ": pattern /" + c.pattern() + "/ uses " + why
                            + "; use plain regular syntax so lint can check it for ambiguity")));
                }
            });
        }
        List<Overlaps.Overlap> overlaps = new ArrayList<>();
        List<Overlaps.Undecided> undecided = new ArrayList<>();
        for (boolean collateral : new boolean[] {false, true}) {
            Overlaps.Report report = Overlaps.find(defs.stream().filter(d -> set.mapsCollateral(d) == collateral)
                    .toList());
            overlaps.addAll(report.overlaps());
            undecided.addAll(report.undecided());
        }
        for (Overlaps.Overlap o : overlaps) {
            Set<String> shared = new LinkedHashSet<>(o.a().match().keySet());
            shared.retainAll(o.b().match().keySet());
            problems.add(new MappingProblem(o.a().file(), o.a().line(), "ambiguous: '" + o.a().id() + "' and '"
                    + o.b().id() + "' (" + o.b().file() + ":" + o.b().line() + ") both match " + o.witness()
                    + (shared.isEmpty() ? "; they constrain no attribute in common"
                    : "; every attribute both constrain (" + String.join(", ", shared) + ") admits a common value")
                    + ", so such a record would be AMBIGUOUS_PRODUCT: make one condition exclude the other"));
        }
        for (Overlaps.Undecided u : undecided) {
            problems.add(new MappingProblem(u.a().file(), u.a().line(), "cannot tell whether '" + u.a().id()
                    + "' and '" + u.b().id() + "' (" + u.b().file() + ":" + u.b().line() + ") overlap: "
                    + u.reason()));
        }
        return problems;
    }

    /**
     * The conditions of {@code d} on an attribute no feed is known to give: not one {@link Attr} names, and neither
     * matched on nor given in an example by any other definition (so a misspelt key, which would make {@code d}
     * never match), each with the closest known attribute as a "did you mean".
     */
    static List<MappingProblem> unknownAttributes(ProductDefinition d, List<ProductDefinition> all) {
        Set<String> known = new TreeSet<>(Attr.NAMED);
        for (ProductDefinition o : all) {
            if (o != d) {
                known.addAll(o.match().keySet());
                o.examples().forEach(e -> known.addAll(e.given().keySet()));
            }
        }
        List<MappingProblem> problems = new ArrayList<>();
        for (String key : d.match().keySet()) {
            if (!known.contains(key)) {
                String near = closest(key, known);
                problems.add(new MappingProblem(d.file(), d.line(key), "match." + key + ": '" + key + "' is not an "
                        + "attribute any feed is known to give (nor one another definition uses), so '" + d.id()
                        + "' never matches" + (near == null ? "" : "; did you mean '" + near + "'?")));
            }
        }
        return problems;
    }

    /** The known attribute nearest {@code key} (edit distance, case ignored) when it is close enough to be a typo. */
    private static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int distance = distance(key.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (distance < bestDistance) {
                best = k;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
