package io.concord.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.model.Agency;
import io.concord.model.Regime;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The product taxonomy: asset class → product family → product type, read from {@code taxonomy.yaml}. */
public final class Taxonomy {

    private final Map<String, TaxonomyNode> nodes;

    private Taxonomy(Map<String, TaxonomyNode> nodes) {
        this.nodes = Collections.unmodifiableMap(nodes);
    }

    public Optional<TaxonomyNode> node(String code) {
        return Optional.ofNullable(nodes.get(code));
    }

    public Map<String, TaxonomyNode> nodes() {
        return nodes;
    }

    /**
     * Reads the nested form: {@code ASSET_CLASS: {description, families: {FAMILY: {description, types: {TYPE:
     * {agency, regime, silo, description}}}}}}.
     */
    static Taxonomy fromYaml(JsonNode root, String file) {
        Map<String, TaxonomyNode> nodes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> ac = root.fields(); ac.hasNext(); ) {
            Map.Entry<String, JsonNode> assetClass = ac.next();
            JsonNode families = need(assetClass.getValue(), "families", file, assetClass.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> fi = families.fields(); fi.hasNext(); ) {
                Map.Entry<String, JsonNode> family = fi.next();
                String famPath = assetClass.getKey() + "/" + family.getKey();
                JsonNode types = need(family.getValue(), "types", file, famPath);
                for (Iterator<Map.Entry<String, JsonNode>> ti = types.fields(); ti.hasNext(); ) {
                    Map.Entry<String, JsonNode> type = ti.next();
                    String code = famPath + "/" + type.getKey();
                    JsonNode t = type.getValue();
                    nodes.put(code, new TaxonomyNode(code,
                            enumOf(Agency.class, need(t, "agency", file, code).asText(), file, code),
                            enumOf(Regime.class, need(t, "regime", file, code).asText(), file, code),
                            need(t, "silo", file, code).asText(),
                            need(t, "description", file, code).asText()));
                }
            }
        }
        return new Taxonomy(nodes);
    }

    private static JsonNode need(JsonNode n, String field, String file, String where) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) {
            throw new MappingException(file + ": " + where + " has no '" + field + "'");
        }
        return v;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String file, String where) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new MappingException(file + ": " + where + " has " + type.getSimpleName().toLowerCase()
                    + " '" + value + "', not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
