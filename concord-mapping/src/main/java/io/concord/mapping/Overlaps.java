package io.concord.mapping;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.RegExp;
import io.concord.mapping.ProductDefinition.Example;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds pairs of definitions that can match the same record. Two definitions overlap when every attribute they
 * both constrain has a value satisfying both conditions (attributes only one constrains are free); an
 * {@code absent} condition meets only another {@code absent}. Exact sets
 * and {@code notIn} sets are compared directly; {@code pattern}s as regular languages (automata intersection),
 * so the answer is exact, and each overlap comes with a witness record that matches both. The definitions' own
 * examples are tried as witnesses first, so a reported witness is realistic where one exists.
 */
public final class Overlaps {

    /** Two definitions and one record both match. */
    public record Overlap(ProductDefinition a, ProductDefinition b, Map<String, String> witness) {
    }

    /** A pair lint cannot decide because a pattern uses non-regular Java syntax, and why. */
    public record Undecided(ProductDefinition a, ProductDefinition b, String reason) {
    }

    /** Everything found over a set of definitions. */
    public record Report(List<Overlap> overlaps, List<Undecided> undecided) {
    }

    private static final Automaton PREFERRED = new RegExp("[A-Z0-9]+", RegExp.NONE).toAutomaton();
    private static final Automaton PRINTABLE = new RegExp("[!-~][ -~]*", RegExp.NONE).toAutomaton();
    private static final Automaton NON_EMPTY = Automaton.makeAnyChar().repeat(1);

    private final Map<Condition, Object> automata = new IdentityHashMap<>();

    private Overlaps() {
    }

    /** Every overlapping pair among {@code definitions}, each once, in definition order. */
    public static Report find(List<ProductDefinition> definitions) {
        Overlaps o = new Overlaps();
        List<Overlap> overlaps = new ArrayList<>();
        List<Undecided> undecided = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            for (int j = i + 1; j < definitions.size(); j++) {
                ProductDefinition a = definitions.get(i);
                ProductDefinition b = definitions.get(j);
                Pair r = o.compare(a, b);
                if (r != null && r.witness() != null) {
                    overlaps.add(new Overlap(a, b, r.witness()));
                } else if (r != null) {
                    undecided.add(new Undecided(a, b, r.undecided()));
                }
            }
        }
        return new Report(overlaps, undecided);
    }

    /** How two definitions compare: a witness both match, or why that cannot be decided here. */
    private record Pair(Map<String, String> witness, String undecided) {
    }

    /** The pair's witness or undecidability; null when no record can match both. */
    private Pair compare(ProductDefinition a, ProductDefinition b) {
        for (ProductDefinition d : List.of(a, b)) {
            for (Example e : d.examples()) {
                if (a.matches(e.given()) && b.matches(e.given())) {
                    return new Pair(e.given(), null);
                }
            }
        }
        Set<String> attributes = new LinkedHashSet<>(a.match().keySet());
        attributes.addAll(b.match().keySet());
        Map<String, String> witness = new LinkedHashMap<>();
        for (String attr : attributes) {
            Condition ca = a.match().get(attr);
            Condition cb = b.match().get(attr);
            Set<String> hints = new TreeSet<>();
            for (ProductDefinition d : List.of(a, b)) {
                d.examples().forEach(e -> {
                    if (e.given().get(attr) != null) {
                        hints.add(e.given().get(attr));
                    }
                });
            }
            Object v = ca == null ? value(cb, cb, hints) : cb == null ? value(ca, ca, hints) : value(ca, cb, hints);
            if (v == null) {
                return null;
            }
            if (v instanceof Undecidable u) {
                return new Pair(null, u.reason);
            }
            if (v != ABSENT) {
                witness.put(attr, (String) v);
            }
        }
        return new Pair(witness, null);
    }

    private record Undecidable(String reason) {
    }

    /** Stands for "the attribute absent" as the common value of two conditions. */
    private static final Object ABSENT = new Object();

    /** A value satisfying both conditions, ABSENT, null when none exists, or Undecidable. */
    private Object value(Condition x, Condition y, Collection<String> hints) {
        if (x.absent() || y.absent()) {
            return x.absent() && y.absent() ? ABSENT : null;
        }
        if (x.anyOf() != null || y.anyOf() != null) {
            Set<String> finite = new TreeSet<>(x.anyOf() != null ? x.anyOf() : y.anyOf());
            return finite.stream().filter(v -> x.test(v) && y.test(v)).findFirst().orElse(null);
        }
        for (String h : hints) {
            if (x.test(h) && y.test(h)) {
                return h;
            }
        }
        Object ax = automaton(x);
        Object ay = automaton(y);
        if (ax instanceof String why) {
            return new Undecidable(why);
        }
        if (ay instanceof String why) {
            return new Undecidable(why);
        }
        Automaton both = ((Automaton) ax).intersection((Automaton) ay).intersection(NON_EMPTY);
        if (both.isEmpty()) {
            return null;
        }
        for (Automaton preferred : List.of(PREFERRED, PRINTABLE)) {
            Automaton p = both.intersection(preferred);
            if (!p.isEmpty()) {
                return p.getShortestExample(true);
            }
        }
        return both.getShortestExample(true);
    }

    /** The condition's language as an automaton, or why it cannot be one. */
    private Object automaton(Condition c) {
        return automata.computeIfAbsent(c, k -> {
            if (k.notIn() != null) {
                return Automaton.makeAnyString().minus(Automaton.makeStringUnion(
                        new TreeSet<>(k.notIn()).toArray(String[]::new)));
            }
            Optional<String> unsupported = unsupported(k.pattern().pattern());
            if (unsupported.isPresent()) {
                return "pattern /" + k.pattern().pattern() + "/ uses " + unsupported.get()
                        + ", which is not a regular expression lint can analyse";
            }
            return new RegExp(toBrics(k.pattern().pattern()), RegExp.NONE).toAutomaton();
        });
    }

    /** Why a Java pattern is outside the regular subset lint analyses, if it is. */
    public static Optional<String> unsupported(String javaRegex) {
        try {
            toBrics(javaRegex);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Translates the regular subset of Java regex syntax (literals, escapes, classes with ranges and negation,
     * {@code \d \w \s}, groups and non-capturing groups, alternation, the quantifiers {@code ? * + {n} {n,}
     * {n,m}} and their lazy forms, a leading ^ and trailing $, a leading {@code (?i)}) into dk.brics syntax;
     * anything else (lookaround, back-references, other flags, possessive quantifiers, class intersection, letter
     * ranges under {@code (?i)}) is refused with its name.
     */
    static String toBrics(String p) {
        StringBuilder out = new StringBuilder();
        boolean inClass = false;
        boolean ignoreCase = p.startsWith("(?i)");
        for (int i = ignoreCase ? 4 : 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (ignoreCase && Character.isLetter(c)) {
                String both = "" + Character.toLowerCase(c) + Character.toUpperCase(c);
                boolean range = (i + 1 < p.length() && p.charAt(i + 1) == '-')
                        || (i > 0 && p.charAt(i - 1) == '-');
                if (inClass && range) {
                    throw new IllegalArgumentException("a letter range under (?i)");
                }
                out.append(inClass ? both : "[" + both + "]");
                continue;
            }
            if (c == '\\') {
                if (i + 1 >= p.length()) {
                    throw new IllegalArgumentException("a trailing backslash");
                }
                char n = p.charAt(++i);
                String cls = switch (n) {
                    case 'd' -> "0-9";
                    case 'w' -> "a-zA-Z_0-9";
                    case 's' -> "\\ \\\t\\\n\\\u000B\\\f\\\r";
                    default -> null;
                };
                if (cls != null) {
                    out.append(inClass ? cls : "[" + cls + "]");
                } else if (n == 't' || n == 'n' || n == 'r' || n == 'f') {
                    out.append('\\').append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : '\f');
                } else if (Character.isLetterOrDigit(n)) {
                    throw new IllegalArgumentException("the escape \\" + n);
                } else {
                    out.append('\\').append(n);
                }
                continue;
            }
            if (inClass) {
                if (c == '[' || (c == '&' && i + 1 < p.length() && p.charAt(i + 1) == '&')) {
                    throw new IllegalArgumentException("a nested or intersected character class");
                }
                if (c == ']') {
                    inClass = false;
                    out.append(c);
                } else if (c == '"' || c == '&' || c == '~' || c == '#' || c == '@' || c == '<' || c == '>') {
                    out.append('\\').append(c);
                } else {
                    out.append(c);
                }
                continue;
            }
            switch (c) {
                case '[' -> {
                    inClass = true;
                    out.append(c);
                    if (i + 1 < p.length() && p.charAt(i + 1) == '^') {
                        out.append('^');
                        i++;
                    }
                }
                case '(' -> {
                    if (i + 1 < p.length() && p.charAt(i + 1) == '?') {
                        if (i + 2 < p.length() && p.charAt(i + 2) == ':') {
                            i += 2;
                        } else {
                            throw new IllegalArgumentException("a (? group (lookaround, flags or named group)");
                        }
                    }
                    out.append('(');
                }
                case '^' -> {
                    if (i != (ignoreCase ? 4 : 0)) {
                        throw new IllegalArgumentException("^ inside the pattern");
                    }
                }
                case '$' -> {
                    if (i != p.length() - 1) {
                        throw new IllegalArgumentException("$ inside the pattern");
                    }
                }
                case '*', '+', '?', '}' -> {
                    out.append(c);
                    if (i + 1 < p.length() && p.charAt(i + 1) == '+') {
                        throw new IllegalArgumentException("a possessive quantifier");
                    }
                    if (i + 1 < p.length() && p.charAt(i + 1) == '?') {
                        i++; // lazy: same language under whole-value matching
                    }
                }
                case '"', '&', '~', '#', '@', '<', '>' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        if (inClass) {
            throw new IllegalArgumentException("an unclosed character class");
        }
        return out.toString();
    }
}
