package io.concord.margin.stress;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.mapping.MappingFiles;
import io.concord.mapping.MappingProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The stress scenario library: one YAML file per scenario ({@code mappings/stress/*.yaml}), each checked against
 * {@code mappings/schema/stress-scenario.schema.json} and then for what a schema cannot say. Every problem names its
 * file and line; a scenario or shock without a source is refused.
 */
public final class StressScenarios {

    /** The folder of the library under a mappings folder. */
    public static final String DIR = "stress";

    /** The scenarios read (only those without problems) and every problem found. */
    public record Loaded(List<Scenario> scenarios, List<MappingProblem> problems) {
        public Loaded {
            scenarios = List.copyOf(scenarios);
            problems = List.copyOf(problems);
        }
    }

    private StressScenarios() {
    }

    /** Every scenario of a folder ({@code *.yaml}, in file-name order) or of one file. */
    public static Loaded read(Path dirOrFile) {
        List<MappingProblem> problems = new ArrayList<>();
        List<Path> files;
        if (Files.isDirectory(dirOrFile)) {
            try (Stream<Path> s = Files.list(dirOrFile)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dirOrFile, e);
            }
            if (files.isEmpty()) {
                problems.add(new MappingProblem(dirOrFile.toString(), 0, "no scenario files (*.yaml)"));
            }
        } else if (Files.isRegularFile(dirOrFile)) {
            files = List.of(dirOrFile);
        } else {
            problems.add(new MappingProblem(dirOrFile.toString(), 0, "not found"));
            return new Loaded(List.of(), problems);
        }
        List<Scenario> scenarios = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (Path f : files) {
            byte[] content;
            try {
                content = Files.readAllBytes(f);
            } catch (IOException e) {
                problems.add(new MappingProblem(f.toString(), 0, "cannot read: " + e.getMessage()));
                continue;
            }
            Optional<Scenario> s = MappingFiles.read(content, f.toString(), MappingFiles.Kind.STRESS_SCENARIO, problems)
                    .flatMap(tree -> scenario(tree, f, problems));
            if (s.isEmpty()) {
                continue;
            }
            String earlier = ids.putIfAbsent(s.get().id(), f.toString());
            if (earlier != null) {
                problems.add(new MappingProblem(f.toString(), 1, "id '" + s.get().id() + "' is already used by "
                        + earlier));
                continue;
            }
            scenarios.add(s.get());
        }
        return new Loaded(scenarios, problems);
    }

    /** The scenarios of {@code dirOrFile}; an {@link IllegalArgumentException} listing the problems when any. */
    public static List<Scenario> load(Path dirOrFile) {
        Loaded loaded = read(dirOrFile);
        if (!loaded.problems().isEmpty()) {
            throw new IllegalArgumentException("stress scenarios have " + loaded.problems().size() + " problem(s): "
                    + String.join("; ", loaded.problems().stream().limit(5).map(MappingProblem::toString).toList())
                    + (loaded.problems().size() > 5 ? "; ..." : ""));
        }
        return loaded.scenarios();
    }

    /** A schema-valid tree as a scenario, or the problems a schema cannot catch. */
    private static Optional<Scenario> scenario(JsonNode n, Path f, List<MappingProblem> problems) {
        String where = f.toString();
        int before = problems.size();
        String id = n.get("id").asText();
        String base = f.getFileName().toString().replaceFirst("\\.yaml$", "");
        if (!id.equals(base)) {
            problems.add(new MappingProblem(where, MappingFiles.line(n.get("id")), "id '" + id + "' differs from the "
                    + "file's base name '" + base + "'"));
        }
        Scenario.Kind kind = Scenario.Kind.valueOf(n.get("kind").asText());
        LocalDate from = date(n.get("from"), where, problems);
        LocalDate to = date(n.get("to"), where, problems);
        if (kind == Scenario.Kind.HYPOTHETICAL && (n.has("from") || n.has("to"))) {
            problems.add(new MappingProblem(where, MappingFiles.line(n.has("from") ? n.get("from") : n.get("to")),
                    "a HYPOTHETICAL scenario has no dates: dates would present it as history"));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            problems.add(new MappingProblem(where, MappingFiles.line(n.get("to")), "to " + to + " is not after from "
                    + from));
        }
        List<Scenario.Shock> shocks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode s : n.get("shocks")) {
            int line = MappingFiles.line(s);
            Scenario.Shock shock = new Scenario.Shock(s.get("factor").asText(),
                    Scenario.Unit.valueOf(s.get("unit").asText()), s.get("move").asDouble(), s.get("source").asText(),
                    line);
            if (!seen.add(shock.factor() + " " + shock.unit())) {
                problems.add(new MappingProblem(where, line, "a second " + shock.unit() + " move for "
                        + shock.factor()));
            }
            if (shock.unit() == Scenario.Unit.RELATIVE && shock.move() <= -1) {
                problems.add(new MappingProblem(where, line, "a RELATIVE move of " + shock.move() + " takes the "
                        + "price of " + shock.factor() + " to zero or below"));
            }
            if (kind == Scenario.Kind.HYPOTHETICAL && !shock.source().toLowerCase(java.util.Locale.ROOT)
                    .contains("hypothetical")) {
                problems.add(new MappingProblem(where, line, "a HYPOTHETICAL scenario's move must say so in its "
                        + "source ('hypothetical: ...'), so it is never read as history"));
            }
            shocks.add(shock);
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        List<String> sources = new ArrayList<>();
        n.get("sources").forEach(s -> sources.add(s.asText()));
        return Optional.of(new Scenario(id, n.get("name").asText(), kind, from, to, n.get("horizonDays").asInt(),
                n.get("description").asText(), sources,
                Scenario.EventContracts.valueOf(n.get("eventContracts").asText()), shocks, where));
    }

    private static LocalDate date(JsonNode node, String where, List<MappingProblem> problems) {
        if (node == null) {
            return null;
        }
        try {
            return LocalDate.parse(node.asText());
        } catch (java.time.format.DateTimeParseException e) {
            problems.add(new MappingProblem(where, MappingFiles.line(node), "not a date (YYYY-MM-DD): '"
                    + node.asText() + "'"));
            return null;
        }
    }
}
