package io.concord.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.concord.mapping.ProductDefinition.Example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A loaded mappings folder: {@code taxonomy.yaml}, {@code products/*.yaml} and {@code firms.yaml}, with a version
 * that is a hash of their content (so every output can name the exact mapping set it used).
 */
public final class MappingSet {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Taxonomy taxonomy;
    private final List<ProductDefinition> definitions;
    private final FirmDirectory firms;
    private final String version;

    private MappingSet(Taxonomy taxonomy, List<ProductDefinition> definitions, FirmDirectory firms, String version) {
        this.taxonomy = taxonomy;
        this.definitions = List.copyOf(definitions);
        this.firms = firms;
        this.version = version;
    }

    /** Firms known by a code rather than an LEI ({@code firms.yaml}; empty when the file is absent). */
    public FirmDirectory firms() {
        return firms;
    }

    public Taxonomy taxonomy() {
        return taxonomy;
    }

    public List<ProductDefinition> definitions() {
        return definitions;
    }

    /** {@code sha256:} and the first 16 hex digits of the hash over every mapping file's path and content. */
    public String version() {
        return version;
    }

    public static MappingSet load(Path dir) {
        Path taxonomyFile = dir.resolve("taxonomy.yaml");
        if (!Files.isRegularFile(taxonomyFile)) {
            throw new MappingException(taxonomyFile + ": not found (is --mappings the mappings folder?)");
        }
        MessageDigest sha = sha256();
        try {
            byte[] tax = Files.readAllBytes(taxonomyFile);
            digest(sha, "taxonomy.yaml", tax);
            Taxonomy taxonomy = Taxonomy.fromYaml(YAML.readTree(tax), taxonomyFile.toString());
            List<ProductDefinition> defs = new ArrayList<>();
            Path products = dir.resolve("products");
            List<Path> files;
            try (Stream<Path> s = Files.isDirectory(products) ? Files.list(products) : Stream.empty()) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
            }
            for (Path f : files) {
                byte[] content = Files.readAllBytes(f);
                digest(sha, "products/" + f.getFileName(), content);
                defs.add(definition(YAML.readTree(content), f, taxonomy));
            }
            Map<String, String> seen = new LinkedHashMap<>();
            for (ProductDefinition d : defs) {
                String prior = seen.putIfAbsent(d.id(), d.file());
                if (prior != null) {
                    throw new MappingException(d.file() + ": id '" + d.id() + "' already defined in " + prior);
                }
            }
            FirmDirectory firms = FirmDirectory.empty();
            Path firmsFile = dir.resolve("firms.yaml");
            if (Files.isRegularFile(firmsFile)) {
                byte[] content = Files.readAllBytes(firmsFile);
                digest(sha, "firms.yaml", content);
                firms = FirmDirectory.fromYaml(YAML.readTree(content), firmsFile.toString());
            }
            return new MappingSet(taxonomy, defs, firms,
                    "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16));
        } catch (IOException e) {
            throw new MappingException(dir + ": cannot read mappings: " + e.getMessage(), e);
        }
    }

    private static ProductDefinition definition(JsonNode n, Path file, Taxonomy taxonomy) {
        String where = file.toString();
        if (n == null || !n.isObject()) {
            throw new MappingException(where + ": a product definition is a YAML mapping");
        }
        String id = text(n, "id", where);
        int version = n.path("version").asInt(0);
        if (version < 1) {
            throw new MappingException(where + ": version must be a positive integer");
        }
        ProductDefinition.Status status;
        try {
            status = ProductDefinition.Status.valueOf(text(n, "status", where));
        } catch (IllegalArgumentException e) {
            throw new MappingException(where + ": status must be ACTIVE or DEPRECATED");
        }
        Map<String, Condition> match = new LinkedHashMap<>();
        JsonNode m = n.get("match");
        if (m == null || !m.isObject() || m.isEmpty()) {
            throw new MappingException(where + ": 'match' must name at least one attribute");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            match.put(e.getKey(), Condition.fromYaml(e.getValue(), where + ": match." + e.getKey()));
        }
        Map<String, String> product = strings(n.get("product"), where + ": product");
        String code = product.get("taxonomy");
        if (code == null || taxonomy.node(code).isEmpty()) {
            throw new MappingException(where + ": product.taxonomy '" + code + "' is not a taxonomy code");
        }
        for (String required : List.of("riskFactor", "multiplier", "currency", "marginKey")) {
            if (!product.containsKey(required)) {
                throw new MappingException(where + ": product." + required + " is required");
            }
        }
        List<Example> examples = new ArrayList<>();
        for (JsonNode ex : n.path("examples")) {
            examples.add(new Example(strings(ex.get("given"), where + ": examples.given"),
                    strings(ex.get("expect"), where + ": examples.expect")));
        }
        return new ProductDefinition(id, version, status, n.path("description").asText(""), match, product,
                examples, where);
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw new MappingException(where + ": '" + field + "' is required");
        }
        return v.asText();
    }

    private static Map<String, String> strings(JsonNode n, String where) {
        if (n == null || !n.isObject()) {
            throw new MappingException(where + " must be a mapping of names to values");
        }
        Map<String, String> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static void digest(MessageDigest sha, String name, byte[] content) {
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(content);
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
