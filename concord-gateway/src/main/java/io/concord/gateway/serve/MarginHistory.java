package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.report.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A firm's margin by business date: {@code out/history/margin.jsonl}, one line per firm each time a current state is
 * published (the firm's line of {@code regulator/margin-by-firm.json}: siloed, harmonized, freed, collateral), so
 * the history outlives {@code out/current/}, which each recomputation replaces. For each business date the last
 * line written counts: a later state of the same date supersedes the earlier ones.
 */
public final class MarginHistory {

    /** The history of one firm on one business date, as the last state computed for that date gave it. */
    public record Entry(LocalDate asOf, String firm, Instant computedAt, String mappingsVersion, int accounts,
                        double siloed, double harmonized, double freed, double collateralPostHaircut) {
    }

    private final Path file;

    public MarginHistory(Path folder) {
        this.file = folder.resolve("margin.jsonl");
    }

    /** Appends the firms of a published state's {@code margin-by-firm.json} (bytes), computed at {@code at}. */
    public synchronized void record(byte[] marginByFirm, Instant at) throws IOException {
        JsonNode view = Json.MAPPER.readTree(marginByFirm);
        LocalDate asOf = view.hasNonNull("asOf") ? LocalDate.parse(view.get("asOf").asText()) : null;
        if (asOf == null) {
            return; // nothing margined: no business date to record
        }
        StringBuilder lines = new StringBuilder();
        for (JsonNode f : view.path("firms")) {
            Entry e = new Entry(asOf, f.path("firm").asText(), at, view.path("mappingsVersion").asText(),
                    f.path("accounts").asInt(), f.path("siloedTotal").asDouble(), f.path("harmonizedTotal").asDouble(),
                    f.path("freed").asDouble(), f.path("collateralPostHaircut").asDouble());
            lines.append(Json.MAPPER.writeValueAsString(e)).append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The firm's entries, one per business date (the last written), oldest date first. */
    public synchronized List<Entry> of(String firm) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Map<LocalDate, Entry> byDate = new TreeMap<>();
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isBlank()) {
                    continue;
                }
                Entry e = Json.MAPPER.readValue(line, Entry.class);
                if (e.firm().equals(firm)) {
                    byDate.put(e.asOf(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the margin history " + file, e);
        }
        return new ArrayList<>(byDate.values());
    }
}
