package io.concord.mapping;

import java.util.List;
import java.util.Map;

/**
 * A product definition from {@code mappings/products/}: the attributes it matches and the product it gives.
 *
 * @param id           unique id (by convention the file's base name)
 * @param version      bumped whenever the definition changes meaning
 * @param status       ACTIVE, or DEPRECATED (still matches, flagged)
 * @param description  what the product is
 * @param match        attribute → condition; all must hold
 * @param product      what a matching record becomes: taxonomy code, risk factor, multiplier, currency, margin
 *                     key; values may name record attributes as {@code {attribute}}
 * @param examples     inputs and the product they must give: the definition's own tests
 * @param file         where it was read from
 * @param line         line of its {@code match:} block in the file
 * @param matchLines   line of each condition of {@code match} in the file (a condition not in it: {@code line})
 */
public record ProductDefinition(String id, int version, Status status, String description,
                                Map<String, Condition> match, Map<String, String> product, List<Example> examples,
                                String file, int line, Map<String, Integer> matchLines) {

    public ProductDefinition {
        matchLines = Map.copyOf(matchLines);
    }

    /** A definition whose conditions are all placed at its {@code match:} line. */
    public ProductDefinition(String id, int version, Status status, String description, Map<String, Condition> match,
                             Map<String, String> product, List<Example> examples, String file, int line) {
        this(id, version, status, description, match, product, examples, file, line, Map.of());
    }

    /** The line of {@code attribute}'s condition in the file. */
    public int line(String attribute) {
        return matchLines.getOrDefault(attribute, line);
    }

    public enum Status { ACTIVE, DEPRECATED }

    /** An example: given attributes, the product fields expected, and the line where it starts. */
    public record Example(Map<String, String> given, Map<String, String> expect, int line) {
    }

    /** One condition of a definition checked against a record: the attribute's value and whether it holds. */
    public record Check(String attribute, Condition condition, String value, boolean holds) {
        @Override
        public String toString() {
            return attribute + (value == null ? " absent" : " = " + value) + " (requires " + condition + ")";
        }
    }

    /** Every condition checked against {@code attributes}, in the definition's order. */
    public List<Check> check(Map<String, String> attributes) {
        return match.entrySet().stream().map(c -> {
            String v = attributes.get(c.getKey());
            return new Check(c.getKey(), c.getValue(), v, c.getValue().test(v));
        }).toList();
    }

    public boolean matches(Map<String, String> attributes) {
        for (Map.Entry<String, Condition> c : match.entrySet()) {
            if (!c.getValue().test(attributes.get(c.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
