package io.concord.mapping;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.Set;
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

    static Condition fromYaml(JsonNode n, String where) {
        if (n.isValueNode()) {
            return new Condition(Set.of(n.asText()), null, null);
        }
        if (n.isArray()) {
            return new Condition(texts(n, where), null, null);
        }
        if (n.isObject() && n.size() == 1 && n.has("pattern")) {
            try {
                return new Condition(null, Pattern.compile(n.get("pattern").asText()), null);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new MappingException(where + ": bad pattern: " + e.getDescription());
            }
        }
        if (n.isObject() && n.size() == 1 && n.has("notIn")) {
            return new Condition(null, null, texts(n.get("notIn"), where));
        }
        throw new MappingException(where + ": a condition is a value, a list, {pattern: ...} or {notIn: [...]}");
    }

    private static Set<String> texts(JsonNode array, String where) {
        if (!array.isArray() || array.isEmpty()) {
            throw new MappingException(where + ": expected a non-empty list");
        }
        Set<String> s = new LinkedHashSet<>();
        array.forEach(v -> s.add(v.asText()));
        return Set.copyOf(s);
    }

    @Override
    public String toString() {
        if (anyOf != null) {
            return anyOf.size() == 1 ? anyOf.iterator().next() : "any of " + anyOf;
        }
        return pattern != null ? "matches /" + pattern + "/" : "not in " + notIn;
    }
}
