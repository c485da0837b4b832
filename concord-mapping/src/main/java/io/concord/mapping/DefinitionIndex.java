package io.concord.mapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Product definitions indexed by their discriminating attributes, so that a record is checked against the few
 * definitions that can match it rather than all. A node splits its definitions on one attribute into those that
 * name values for it ({@link Condition#anyOf}, filed under each value), those that require it present with any
 * value (a pattern, a {@code notIn}), those that require it absent, and those without a condition on it; a record
 * visits the branch of its value (or none), the present or the absent branch as it carries the attribute or not,
 * and the unconstrained branch. A definition not visited cannot match the record. Every definition reached is
 * still checked whole ({@link ProductDefinition#matches}), so the definitions {@link #matching} returns are exactly
 * those a check of every definition finds, in the same order, and UNMAPPED and AMBIGUOUS stay exact. No definition
 * is filed twice under one node but for the values it names, so the index stays the size of the definitions.
 */
final class DefinitionIndex {

    /** Up to this many definitions a node checks them all rather than splitting further. */
    private static final int LEAF = 2;
    /** A split is worth it when a record is left with at most this share of a node's definitions on average. */
    private static final double SPLIT_GAIN = 0.75;

    /** A definition and its place in the order {@link #matching} returns. */
    private record Ranked(int rank, ProductDefinition definition) {
    }

    private final Node root;

    /**
     * {@code ordered}: the definitions in the order {@link #matching} must return them (that of a check of each in
     * turn).
     */
    DefinitionIndex(List<ProductDefinition> ordered) {
        List<Ranked> ranked = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            ranked.add(new Ranked(i, ordered.get(i)));
        }
        this.root = build(ranked, Set.of());
    }

    /** Every definition of the index that matches {@code attributes}, in the index's order. */
    List<ProductDefinition> matching(Map<String, String> attributes) {
        List<Ranked> found = new ArrayList<>(2);
        root.collect(attributes, found);
        if (found.size() > 1) {
            found.sort(Comparator.comparingInt(Ranked::rank));
        }
        List<ProductDefinition> out = new ArrayList<>(found.size());
        for (Ranked r : found) {
            out.add(r.definition());
        }
        return out;
    }

    /** The most definitions any record is checked against: how well the index discriminates. */
    int widestLeaf() {
        return root.widest();
    }

    /** Nodes in the index: what it costs to hold. */
    int nodes() {
        return root.nodes();
    }

    /**
     * A split on {@code attribute} or, {@code attribute} null, a leaf of {@code definitions} to check. A split's
     * branches: by named value, any value, absent, unconstrained (each null when empty).
     */
    private record Node(String attribute, Map<String, Node> byValue, Node present, Node absent, Node any,
                        List<Ranked> definitions) {

        void collect(Map<String, String> attributes, List<Ranked> found) {
            if (attribute == null) {
                for (Ranked r : definitions) {
                    if (r.definition().matches(attributes)) {
                        found.add(r);
                    }
                }
                return;
            }
            String v = attributes.get(attribute);
            if (v == null) {
                visit(absent, attributes, found);
            } else {
                visit(byValue.get(v), attributes, found);
                visit(present, attributes, found);
            }
            visit(any, attributes, found);
        }

        private static void visit(Node n, Map<String, String> attributes, List<Ranked> found) {
            if (n != null) {
                n.collect(attributes, found);
            }
        }

        int nodes() {
            if (attribute == null) {
                return 1;
            }
            int n = 1 + nodes(present) + nodes(absent) + nodes(any);
            for (Node c : byValue.values()) {
                n += c.nodes();
            }
            return n;
        }

        /** The most definitions a record checks under this node. */
        int widest() {
            if (attribute == null) {
                return definitions.size();
            }
            int named = 0;
            for (Node c : byValue.values()) {
                named = Math.max(named, c.widest());
            }
            return Math.max(named + widest(present), widest(absent)) + widest(any);
        }

        private static int nodes(Node n) {
            return n == null ? 0 : n.nodes();
        }

        private static int widest(Node n) {
            return n == null ? 0 : n.widest();
        }
    }

    /** What a definition requires of an attribute. */
    private enum Kind { NONE, VALUES, PRESENT, ABSENT }

    private static Kind kind(ProductDefinition d, String attribute) {
        Condition c = d.match().get(attribute);
        if (c == null) {
            return Kind.NONE;
        }
        return c.absent() ? Kind.ABSENT : c.anyOf() != null ? Kind.VALUES : Kind.PRESENT;
    }

    private static List<Ranked> ofKind(List<Ranked> defs, String attribute, Kind kind) {
        List<Ranked> out = new ArrayList<>();
        for (Ranked r : defs) {
            if (kind(r.definition(), attribute) == kind) {
                out.add(r);
            }
        }
        return out;
    }

    private static Node build(List<Ranked> defs, Set<String> used) {
        if (defs.isEmpty()) {
            return null;
        }
        if (defs.size() <= LEAF) {
            return leaf(defs);
        }
        String best = null;
        double bestScore = defs.size() * SPLIT_GAIN;
        for (String a : attributes(defs, used)) {
            double s = score(defs, a);
            if (s < bestScore) {
                best = a;
                bestScore = s;
            }
        }
        if (best == null) {
            return leaf(defs);
        }
        Set<String> now = new HashSet<>(used);
        now.add(best);
        Map<String, List<Ranked>> byValue = new TreeMap<>();
        for (Ranked r : ofKind(defs, best, Kind.VALUES)) {
            for (String v : r.definition().match().get(best).anyOf()) {
                byValue.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, Node> children = new HashMap<>();
        byValue.forEach((v, list) -> children.put(v, build(list, now)));
        return new Node(best, Map.copyOf(children), build(ofKind(defs, best, Kind.PRESENT), now),
                build(ofKind(defs, best, Kind.ABSENT), now), build(ofKind(defs, best, Kind.NONE), now), null);
    }

    private static Node leaf(List<Ranked> defs) {
        return new Node(null, null, null, null, null, List.copyOf(defs));
    }

    /** Attributes some definition of {@code defs} has a condition on, in name order. */
    private static Set<String> attributes(List<Ranked> defs, Set<String> used) {
        Set<String> out = new TreeSet<>();
        for (Ranked r : defs) {
            for (String a : r.definition().match().keySet()) {
                if (!used.contains(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /**
     * The mean number of definitions a record is checked against after splitting {@code defs} on
     * {@code attribute}, over the values definitions name, a value none names and no value.
     */
    private static double score(List<Ranked> defs, String attribute) {
        Map<String, Integer> perValue = new HashMap<>();
        int present = 0;
        int absent = 0;
        int none = 0;
        for (Ranked r : defs) {
            switch (kind(r.definition(), attribute)) {
                case NONE -> none++;
                case PRESENT -> present++;
                case ABSENT -> absent++;
                case VALUES -> r.definition().match().get(attribute).anyOf()
                        .forEach(v -> perValue.merge(v, 1, Integer::sum));
            }
        }
        double sum = (present + none) + (absent + none);
        for (int n : perValue.values()) {
            sum += n + present + none;
        }
        return sum / (perValue.size() + 2);
    }
}
