package io.concord.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mappings/reportable-levels.yaml}: the reportable level of each product definition, for the regulator's
 * large-positions view. A definition without a level has none (its positions are never listed).
 *
 * @param byDefinition level by product definition id
 */
public record ReportableLevels(Map<String, Level> byDefinition) {

    public static final String FILE = "reportable-levels.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Where a level comes from: a regulator's rule, or Concord's own convention. */
    public enum Basis { RULE, POLICY }

    /** A level in contracts (or units) of the product, with its basis and the source cited for it. */
    public record Level(BigDecimal contracts, Basis basis, String source) {
    }

    public ReportableLevels {
        byDefinition = Map.copyOf(byDefinition);
    }

    public Optional<Level> of(String definitionId) {
        return definitionId == null ? Optional.empty() : Optional.ofNullable(byDefinition.get(definitionId));
    }

    /**
     * Reads {@code file} (no levels when it does not exist). Every key must be one of {@code definitionIds}, every
     * level a positive number with a basis and a source; otherwise the load fails naming the file and key.
     */
    public static ReportableLevels load(Path file, Set<String> definitionIds) {
        if (!Files.exists(file)) {
            return new ReportableLevels(Map.of());
        }
        JsonNode levels;
        try {
            levels = YAML.readTree(file.toFile()).path("levels");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (!levels.isObject()) {
            throw new MappingException(file + ": 'levels' must be a mapping of product definition id to level");
        }
        Map<String, Level> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = levels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = file + "#" + e.getKey();
            if (!definitionIds.contains(e.getKey())) {
                throw new MappingException(where + ": no product definition has this id");
            }
            JsonNode n = e.getValue();
            BigDecimal contracts;
            try {
                contracts = new BigDecimal(n.path("contracts").asText());
            } catch (NumberFormatException x) {
                throw new MappingException(where + ": 'contracts' must be a number");
            }
            if (contracts.signum() <= 0) {
                throw new MappingException(where + ": 'contracts' must be positive");
            }
            Basis basis;
            try {
                basis = Basis.valueOf(n.path("basis").asText());
            } catch (IllegalArgumentException x) {
                throw new MappingException(where + ": 'basis' must be RULE or POLICY");
            }
            String source = n.path("source").asText();
            if (source.isBlank()) {
                throw new MappingException(where + ": 'source' is required");
            }
            out.put(e.getKey(), new Level(contracts, basis, source));
        }
        return new ReportableLevels(out);
    }
}
