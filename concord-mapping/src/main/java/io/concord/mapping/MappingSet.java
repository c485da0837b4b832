package io.concord.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.mapping.ProductDefinition.Example;
import io.concord.model.Regime;

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
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A loaded mappings folder: {@code taxonomy.yaml}, {@code products/*.yaml}, {@code firms.yaml} and
 * {@code reportable-levels.yaml}, with a version that is a hash of their content (so every output can name the
 * exact mapping set it used). Every taxonomy and product file is checked against its JSON Schema
 * ({@code mappings/schema/}); every problem names its file and line.
 */
public final class MappingSet {

    private static final com.fasterxml.jackson.databind.ObjectMapper FIRMS_YAML =
            new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

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

    /**
     * Whether {@code d} maps collateral lines (its taxonomy node's regime is COLLATERAL_ASSET) rather than
     * positions. Each kind of record is matched only against definitions of its kind.
     */
    public boolean mapsCollateral(ProductDefinition d) {
        return taxonomy.node(d.product().get("taxonomy")).map(n -> n.regime() == Regime.COLLATERAL_ASSET)
                .orElse(false);
    }

    /** {@code sha256:} and the first 16 hex digits of the hash over every mapping file's path and content. */
    public String version() {
        return version;
    }

    /**
     * What reading a mappings folder gave: the set of the definitions that loaded (absent when the taxonomy
     * itself cannot be read) and every problem found, file by file.
     */
    public record Loaded(Optional<MappingSet> set, List<MappingProblem> problems) {
        public Loaded {
            problems = List.copyOf(problems);
        }
    }

    /** Loads a mappings folder, or fails with the number of problems and the first five, each with file and line. */
    public static MappingSet load(Path dir) {
        Loaded loaded = read(dir);
        if (!loaded.problems().isEmpty()) {
            throw new MappingException(dir + ": " + loaded.problems().size() + " problem(s) in the mappings "
                    + "(run 'concord mappings lint'): " + loaded.problems().stream().limit(5)
                    .map(MappingProblem::toString).collect(Collectors.joining("; "))
                    + (loaded.problems().size() > 5 ? "; ..." : ""));
        }
        return loaded.set().orElseThrow();
    }

    /**
     * Reads a mappings folder and reports every problem instead of stopping at the first: YAML syntax, schema,
     * bad patterns, unknown taxonomy codes, duplicate ids.
     */
    public static Loaded read(Path dir) {
        List<MappingProblem> problems = new ArrayList<>();
        Path taxonomyFile = dir.resolve("taxonomy.yaml");
        if (!Files.isRegularFile(taxonomyFile)) {
            problems.add(new MappingProblem(taxonomyFile.toString(), 0,
                    "not found (is --mappings the mappings folder?)"));
            return new Loaded(Optional.empty(), problems);
        }
        MessageDigest sha = sha256();
        try {
            byte[] tax = Files.readAllBytes(taxonomyFile);
            digest(sha, "taxonomy.yaml", tax);
            Optional<JsonNode> taxTree = MappingFiles.read(tax, taxonomyFile.toString(), MappingFiles.Kind.TAXONOMY,
                    problems);
            if (taxTree.isEmpty()) {
                return new Loaded(Optional.empty(), problems);
            }
            Taxonomy taxonomy = Taxonomy.fromYaml(taxTree.get());
            Path products = dir.resolve("products");
            List<Path> files;
            try (Stream<Path> s = Files.isDirectory(products) ? Files.list(products) : Stream.empty()) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
            }
            List<ProductDefinition> defs = new ArrayList<>();
            Map<String, ProductDefinition> byId = new LinkedHashMap<>();
            for (Path f : files) {
                byte[] content = Files.readAllBytes(f);
                digest(sha, "products/" + f.getFileName(), content);
                Optional<ProductDefinition> d = MappingFiles.read(content, f.toString(), MappingFiles.Kind.PRODUCT,
                        problems).flatMap(tree -> definition(tree, f, taxonomy, problems));
                if (d.isEmpty()) {
                    continue;
                }
                ProductDefinition prior = byId.putIfAbsent(d.get().id(), d.get());
                if (prior != null) {
                    problems.add(new MappingProblem(d.get().file(), d.get().line(), "id '" + d.get().id()
                            + "' is already defined in " + prior.file() + ":" + prior.line()));
                } else {
                    defs.add(d.get());
                }
            }
            FirmDirectory firms = FirmDirectory.empty();
            Path firmsFile = dir.resolve("firms.yaml");
            if (Files.isRegularFile(firmsFile)) {
                byte[] content = Files.readAllBytes(firmsFile);
                digest(sha, "firms.yaml", content);
                try {
                    firms = FirmDirectory.fromYaml(FIRMS_YAML.readTree(content), firmsFile.toString(), problems);
                } catch (IOException e) {
                    problems.add(new MappingProblem(firmsFile.toString(), 0, "not valid YAML: "
                            + e.getMessage().replaceAll("\\s+", " ")));
                }
            }
            Path levelsFile = dir.resolve("reportable-levels.yaml");
            if (Files.isRegularFile(levelsFile)) {
                // read and checked by ReportableLevels; part of the version so every output names the levels used
                digest(sha, "reportable-levels.yaml", Files.readAllBytes(levelsFile));
            }
            String version = "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
            return new Loaded(Optional.of(new MappingSet(taxonomy, defs, firms, version)), problems);
        } catch (IOException e) {
            problems.add(new MappingProblem(dir.toString(), 0, "cannot read mappings: " + e.getMessage()));
            return new Loaded(Optional.empty(), problems);
        }
    }

    /** A schema-valid product file as a definition, or the problems that keep it from being one. */
    private static Optional<ProductDefinition> definition(JsonNode n, Path file, Taxonomy taxonomy,
                                                         List<MappingProblem> problems) {
        String where = file.toString();
        int before = problems.size();
        String id = n.get("id").asText();
        Map<String, Condition> match = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.get("match").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            lines.put(e.getKey(), MappingFiles.line(e.getValue()));
            try {
                match.put(e.getKey(), Condition.fromYaml(e.getValue()));
            } catch (MappingException ex) {
                problems.add(new MappingProblem(where, MappingFiles.line(e.getValue()), "match." + e.getKey()
                        + ": " + ex.getMessage()));
            }
        }
        JsonNode productNode = n.get("product");
        Map<String, String> product = strings(productNode);
        String code = product.get("taxonomy");
        if (taxonomy.node(code).isEmpty()) {
            problems.add(new MappingProblem(where, MappingFiles.line(productNode.get("taxonomy")),
                    "product.taxonomy '" + code + "' is not a code in taxonomy.yaml"));
        }
        List<Example> examples = new ArrayList<>();
        for (JsonNode ex : n.get("examples")) {
            examples.add(new Example(strings(ex.get("given")), strings(ex.get("expect")), MappingFiles.line(ex)));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ProductDefinition(id, n.get("version").asInt(),
                ProductDefinition.Status.valueOf(n.get("status").asText()), n.get("description").asText(), match,
                product, examples, where, MappingFiles.line(n.get("match")), lines));
    }

    private static Map<String, String> strings(JsonNode n) {
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
