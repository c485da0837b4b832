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
 * codes, unique ids, feed ids, patterns lint can analyse, and pairs of definitions that can
 * match one record (which would be {@code AMBIGUOUS_PRODUCT} at run time). Every problem has file and line.
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
            problems.addAll(check(set));
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
        List<ProductDefinition> defs = set.definitions();
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
}
