package io.concord.report;

import com.fasterxml.jackson.databind.MappingIterator;
import io.concord.model.ReasonCode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The rows of a run's (or a state's) {@code exceptions.jsonl} split by the firm they belong to
 * ({@link ExceptionRow#firm()}, never any other attribute): each firm's rows go to
 * {@code reports/<LEI>/exceptions.jsonl}, in the order of the whole file, and are counted by reason. A row that
 * belongs to no firm stays in the whole file (and its submission's ack) only. The firms' workbooks and margin.json
 * read their own rows from here, so a firm sees every record it sent that is not in its margin, and no other firm's.
 */
public final class FirmExceptions {

    /** A firm's rows, under {@code reports/<LEI>/}. */
    public static final String FILE_NAME = "exceptions.jsonl";
    /** Rows of a firm listed in its margin.json ({@link Rejected#listed()}); all of them are in its excerpt file. */
    public static final int LISTED = 1000;
    /** Firm files kept open at once while splitting (others are reopened to append). */
    private static final int OPEN = 64;
    private static final Pattern LEI = Pattern.compile("[0-9A-Z]{18}[0-9]{2}");

    /**
     * What a firm sent that is in no margin figure, as its margin.json states it.
     *
     * @param records  rejected records of the firm (every reason, unmapped products included)
     * @param byReason those records by reason code
     * @param file     the firm's excerpt of exceptions.jsonl, beside its margin.json: every row
     * @param listed   the first {@link #LISTED} rows, in order
     */
    public record Rejected(long records, Map<ReasonCode, Long> byReason, String file, List<ExceptionRow> listed) {
    }

    private final Path reportsDir;
    private final Map<String, Map<ReasonCode, Long>> byFirm;

    private FirmExceptions(Path reportsDir, Map<String, Map<ReasonCode, Long>> byFirm) {
        this.reportsDir = reportsDir;
        this.byFirm = byFirm;
    }

    /** No exceptions: every firm has none. */
    public static FirmExceptions none(Path reportsDir) {
        return new FirmExceptions(reportsDir, Map.of());
    }

    /**
     * Splits {@code exceptionsJsonl} (absent: none) into {@code <reportsDir>/<LEI>/exceptions.jsonl} per firm, in
     * one pass, copying each row's line as it is.
     */
    public static FirmExceptions split(Path exceptionsJsonl, Path reportsDir) {
        Map<String, Map<ReasonCode, Long>> counts = new TreeMap<>();
        if (exceptionsJsonl == null || !Files.isRegularFile(exceptionsJsonl)) {
            return new FirmExceptions(reportsDir, counts);
        }
        Map<String, BufferedWriter> open = new LinkedHashMap<>(16, 0.75f, true);
        try (BufferedReader in = Files.newBufferedReader(exceptionsJsonl, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                ExceptionRow row = Json.MAPPER.readValue(line, ExceptionRow.class);
                String firm = row.firm();
                if (firm == null || !LEI.matcher(firm).matches()) {
                    continue;
                }
                boolean seen = counts.containsKey(firm);
                counts.computeIfAbsent(firm, f -> new EnumMap<>(ReasonCode.class))
                        .merge(row.reason() == null ? ReasonCode.INTERNAL_ERROR : row.reason(), 1L, Long::sum);
                BufferedWriter w = open.get(firm);
                if (w == null) {
                    if (open.size() == OPEN) {
                        var eldest = open.entrySet().iterator().next();
                        eldest.getValue().close();
                        open.remove(eldest.getKey());
                    }
                    Path file = reportsDir.resolve(firm).resolve(FILE_NAME);
                    Files.createDirectories(file.getParent());
                    w = seen ? Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)
                            : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                    open.put(firm, w);
                }
                w.write(line);
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot split " + exceptionsJsonl + " by firm", e);
        } finally {
            for (BufferedWriter w : open.values()) {
                try {
                    w.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the firms' exceptions under " + reportsDir, e);
                }
            }
        }
        return new FirmExceptions(reportsDir, counts);
    }

    /** The firms with at least one row, in LEI order. */
    public Set<String> firms() {
        return Collections.unmodifiableSet(byFirm.keySet());
    }

    /** Rejected records of {@code firm}. */
    public long count(String firm) {
        return byFirm.getOrDefault(firm, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The firm's rows by reason code (empty when it has none). */
    public Map<ReasonCode, Long> byReason(String firm) {
        return Collections.unmodifiableMap(byFirm.getOrDefault(firm, Map.of()));
    }

    /** The firm's excerpt file, or null when it has no row. */
    public Path file(String firm) {
        return byFirm.containsKey(firm) ? reportsDir.resolve(firm).resolve(FILE_NAME) : null;
    }

    /** Each of the firm's rows, in order. */
    public void forEach(String firm, Consumer<ExceptionRow> row) {
        forEach(firm, Long.MAX_VALUE, row);
    }

    private void forEach(String firm, long limit, Consumer<ExceptionRow> row) {
        Path file = file(firm);
        if (file == null) {
            return;
        }
        long n = 0;
        try (MappingIterator<ExceptionRow> it = Json.MAPPER.readerFor(ExceptionRow.class).readValues(file.toFile())) {
            while (n < limit && it.hasNext()) {
                row.accept(it.next());
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** What the firm's margin.json says of its rejected records; null when it has none. */
    public Rejected rejected(String firm) {
        if (!byFirm.containsKey(firm)) {
            return null;
        }
        List<ExceptionRow> listed = new ArrayList<>();
        forEach(firm, LISTED, listed::add);
        return new Rejected(count(firm), byReason(firm), FILE_NAME, List.copyOf(listed));
    }
}
