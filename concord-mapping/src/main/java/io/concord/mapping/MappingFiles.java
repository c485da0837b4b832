package io.concord.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.serialization.node.LocationJsonNodeFactory;
import com.networknt.schema.utils.JsonNodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads mapping YAML into location-aware trees (every node knows its line) and checks them against the JSON
 * Schemas in {@code mappings/schema/} (shipped in the jar), so every problem names its file and line.
 */
public final class MappingFiles {

    /** Which schema a file must satisfy. */
    public enum Kind {
        TAXONOMY("taxonomy.schema.json"), PRODUCT("product.schema.json"),
        /** A stress scenario ({@code mappings/stress/<id>.yaml}), read by the margin floor's stress library. */
        STRESS_SCENARIO("stress-scenario.schema.json");

        private final JsonSchema schema;

        Kind(String resource) {
            try (InputStream in = MappingFiles.class.getResourceAsStream("schema/" + resource)) {
                if (in == null) {
                    throw new IllegalStateException("schema " + resource + " is not on the classpath");
                }
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** YAML with duplicate keys refused (a second {@code match:} would silently replace the first). */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private MappingFiles() {
    }

    /**
     * The file's tree when it is well-formed YAML that satisfies its schema; otherwise empty, with the problems
     * added to {@code problems} (schema problems in line order).
     */
    public static Optional<JsonNode> read(byte[] content, String file, Kind kind, List<MappingProblem> problems) {
        JsonNode tree;
        try (JsonParser parser = YAML.createParser(content)) {
            // nodes that remember where their token started, so problems can name the line
            tree = YAML.reader(new LocationJsonNodeFactory(parser)).readTree(parser);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.add(new MappingProblem(file, at == null ? 0 : at.getLineNr(), "not valid YAML: "
                    + e.getOriginalMessage().replaceAll("\\s+", " ")));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(new MappingProblem(file, 0, "cannot read: " + e.getMessage()));
            return Optional.empty();
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            problems.add(new MappingProblem(file, 0, "the file is empty"));
            return Optional.empty();
        }
        List<ValidationMessage> errors = kind.schema.validate(tree).stream()
                .sorted(Comparator.comparingInt((ValidationMessage m) -> line(m.getInstanceNode()))
                        .thenComparing(ValidationMessage::getMessage))
                .toList();
        for (ValidationMessage m : errors) {
            problems.add(new MappingProblem(file, line(m.getInstanceNode()), "schema: " + m.getMessage()));
        }
        return errors.isEmpty() ? Optional.of(tree) : Optional.empty();
    }

    /** 1-based line where {@code node} starts in its file, 0 when unknown. */
    public static int line(JsonNode node) {
        JsonLocation at = node == null ? null : JsonNodes.tokenLocationOf(node);
        return at == null ? 0 : at.getLineNr();
    }
}
