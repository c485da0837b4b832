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
import java.util.ArrayList;
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
        STRESS_SCENARIO("stress-scenario.schema.json"),
        /** Rulebook parameter files ({@code mappings/risk/<name>.yaml}), read by the margin engine's silos. */
        RISK_ACCOUNTS("risk-accounts.schema.json"), RISK_COLLATERAL("risk-collateral.schema.json"),
        RISK_CUSTOMERS("risk-customers.schema.json"), RISK_EVENT("risk-event.schema.json"),
        RISK_HARMONIZED("risk-harmonized.schema.json"), RISK_MARKET_DATA("risk-market-data.schema.json"),
        RISK_REG_T("risk-reg-t.schema.json"), RISK_SCHEDULE("risk-schedule.schema.json"),
        RISK_SEC_PM("risk-sec-pm.schema.json"), RISK_SPAN("risk-span.schema.json"),
        /** A SIMM calibration ({@code mappings/simm/simm-<version>.yaml}). */
        SIMM_CALIBRATION("simm-calibration.schema.json");

        /** The kind of the risk parameter file {@code name} ({@code span.yaml} ...), empty when it has none. */
        public static Optional<Kind> ofRiskFile(String name) {
            String k = "RISK_" + name.replaceFirst("\\.yaml$", "").replace('-', '_').toUpperCase(java.util.Locale.ROOT);
            for (Kind kind : values()) {
                if (kind.name().equals(k)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }

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

    /**
     * The problems of {@code content} against {@code kind}'s schema, each {@code FILE:LINE: schema: $.path: message}
     * (or not valid YAML), in line order; empty when the file satisfies its schema.
     */
    public static List<MappingProblem> check(byte[] content, String file, Kind kind) {
        List<MappingProblem> problems = new ArrayList<>();
        read(content, file, kind, problems);
        return problems;
    }

    /**
     * The file's tree when it satisfies its schema; otherwise an {@link IllegalArgumentException} listing every
     * problem, one a line ({@link #describe}).
     */
    public static JsonNode require(byte[] content, String file, Kind kind) {
        List<MappingProblem> problems = new ArrayList<>();
        Optional<JsonNode> tree = read(content, file, kind, problems);
        if (tree.isEmpty() || !problems.isEmpty()) {
            throw new IllegalArgumentException(describe(problems));
        }
        return tree.get();
    }

    /** Problems one a line ({@code FILE:LINE: message}): the message of a refused file. */
    public static String describe(List<MappingProblem> problems) {
        return String.join("\n", problems.stream().map(MappingProblem::toString).toList());
    }

    /** 1-based line where {@code node} starts in its file, 0 when unknown. */
    public static int line(JsonNode node) {
        JsonLocation at = node == null ? null : JsonNodes.tokenLocationOf(node);
        return at == null ? 0 : at.getLineNr();
    }
}
