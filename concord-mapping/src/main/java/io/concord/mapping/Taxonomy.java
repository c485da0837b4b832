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
     * Reads the nested form, already checked against {@code taxonomy.schema.json}: {@code ASSET_CLASS:
     * {description, families: {FAMILY: {description, types: {TYPE: {agency, regime, silo, description}}}}}}.
     */
    static Taxonomy fromYaml(JsonNode root) {
        Map<String, TaxonomyNode> nodes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> ac = root.fields(); ac.hasNext(); ) {
            Map.Entry<String, JsonNode> assetClass = ac.next();
            for (Iterator<Map.Entry<String, JsonNode>> fi = assetClass.getValue().get("families").fields();
                 fi.hasNext(); ) {
                Map.Entry<String, JsonNode> family = fi.next();
                for (Iterator<Map.Entry<String, JsonNode>> ti = family.getValue().get("types").fields();
                     ti.hasNext(); ) {
                    Map.Entry<String, JsonNode> type = ti.next();
                    String code = assetClass.getKey() + "/" + family.getKey() + "/" + type.getKey();
                    JsonNode t = type.getValue();
                    nodes.put(code, new TaxonomyNode(code, Agency.valueOf(t.get("agency").asText()),
                            Regime.valueOf(t.get("regime").asText()), t.get("silo").asText(),
                            t.get("description").asText()));
                }
            }
        }
        return new Taxonomy(nodes);
    }
}
