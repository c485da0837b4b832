package io.concord.mapping;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a definition requires of one attribute. In YAML: a scalar (exact value), a list (any of these), or a map
 * {@code {pattern: REGEX}} (whole-value match) or {@code {notIn: [...]}}, all of which need the attribute present;
 * or {@code {absent: true}}: the record must not carry the attribute.
 */
public record Condition(Set<String> anyOf, Pattern pattern, Set<String> notIn, boolean absent) {

    public static Condition anyOf(Set<String> values) {
        return new Condition(Set.copyOf(values), null, null, false);
    }

    public static Condition pattern(Pattern pattern) {
        return new Condition(null, pattern, null, false);
    }

    public static Condition notIn(Set<String> values) {
        return new Condition(null, null, Set.copyOf(values), false);
    }

    public static Condition absence() {
        return new Condition(null, null, null, true);
    }

    public boolean test(String value) {
        if (absent || value == null) {
            return absent && value == null;
        }
        if (anyOf != null) {
            return anyOf.contains(value);
        }
        if (pattern != null) {
            return pattern.matcher(value).matches();
        }
        return !notIn.contains(value);
    }

    /** A condition from its (schema-valid) YAML form; a pattern that is not a Java regex fails here. */
    static Condition fromYaml(JsonNode n) {
        if (n.isValueNode()) {
            return anyOf(Set.of(n.asText()));
        }
        if (n.isArray()) {
            return anyOf(texts(n));
        }
        if (n.has("absent")) {
            return absence();
        }
        if (n.has("pattern")) {
            try {
                return pattern(Pattern.compile(n.get("pattern").asText()));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new MappingException("bad pattern: " + e.getDescription());
            }
        }
        return notIn(texts(n.get("notIn")));
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> s = new LinkedHashSet<>();
        array.forEach(v -> s.add(v.asText()));
        return Set.copyOf(s);
    }

    @Override
    public String toString() {
        if (absent) {
            return "absent";
        }
        if (anyOf != null) {
            return anyOf.size() == 1 ? anyOf.iterator().next() : "any of " + new TreeSet<>(anyOf);
        }
        return pattern != null ? "matches /" + pattern + "/" : "not in " + new TreeSet<>(notIn);
    }
}
