package io.concord.mapping;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a definition requires of one attribute. In YAML: a scalar (exact value), a list (any of these), or a map
 * {@code {pattern: REGEX}} (whole-value match) or {@code {notIn: [...]}}. The attribute must be present.
 */
public record Condition(Set<String> anyOf, Pattern pattern, Set<String> notIn) {

    public boolean test(String value) {
        if (value == null) {
            return false;
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
            return new Condition(Set.of(n.asText()), null, null);
        }
        if (n.isArray()) {
            return new Condition(texts(n), null, null);
        }
        if (n.has("pattern")) {
            try {
                return new Condition(null, Pattern.compile(n.get("pattern").asText()), null);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new MappingException("bad pattern: " + e.getDescription());
            }
        }
        return new Condition(null, null, texts(n.get("notIn")));
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> s = new LinkedHashSet<>();
        array.forEach(v -> s.add(v.asText()));
        return Set.copyOf(s);
    }

    @Override
    public String toString() {
        if (anyOf != null) {
            return anyOf.size() == 1 ? anyOf.iterator().next() : "any of " + new TreeSet<>(anyOf);
        }
        return pattern != null ? "matches /" + pattern + "/" : "not in " + new TreeSet<>(notIn);
    }
}
