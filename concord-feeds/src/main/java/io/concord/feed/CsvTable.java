package io.concord.feed;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV file with a header row, read one row at a time with Jackson CSV. Columns are found by name,
 * case-insensitively and ignoring everything but letters and digits ({@code Notional Currency} =
 * {@code notional_currency}), in any order.
 */
public final class CsvTable implements AutoCloseable {

    private static final CsvMapper CSV = new CsvMapper();

    private final MappingIterator<String[]> rows;
    private final Map<String, Integer> columns = new HashMap<>();
    /** Column index by the name a parser asks for (-1: no such column), so a name is normalized once per file. */
    private final Map<String, Integer> asked = new HashMap<>();
    private final List<String> headers = new ArrayList<>();
    private String[] row;
    private int line;

    private CsvTable(MappingIterator<String[]> rows) {
        this.rows = rows;
    }

    /** Opens {@code in} and reads its header row; an empty file gives a table with no columns. */
    public static CsvTable open(InputStream in) throws IOException {
        MappingIterator<String[]> rows = CSV.readerForArrayOf(String.class).with(CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(TextEncoding.reader(in));
        CsvTable t = new CsvTable(rows);
        if (rows.hasNextValue()) {
            String[] header = rows.nextValue();
            for (int i = 0; i < header.length; i++) {
                t.headers.add(header[i].trim());
                t.columns.putIfAbsent(normalize(header[i]), i);
            }
        }
        return t;
    }

    private static final java.util.regex.Pattern NOT_ALPHANUMERIC = java.util.regex.Pattern.compile("[^a-z0-9]");

    public static String normalize(String header) {
        return NOT_ALPHANUMERIC.matcher(header.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    public List<String> headers() {
        return headers;
    }

    public boolean has(String column) {
        return columns.containsKey(normalize(column));
    }

    /** The required columns the header lacks. */
    public List<String> missing(List<String> required) {
        return required.stream().filter(c -> !has(c)).toList();
    }

    /** Moves to the next row that is not blank; false at the end. */
    public boolean next() throws IOException {
        while (rows.hasNextValue()) {
            row = rows.nextValue();
            line = rows.getParser().currentTokenLocation().getLineNr();
            if (!(row.length == 1 && Fields.clean(row[0]) == null)) {
                return true;
            }
        }
        row = null;
        return false;
    }

    /** The current row's value of {@code column}, null when the column or the value is absent. */
    public String get(String column) {
        int i = asked.computeIfAbsent(column, c -> columns.getOrDefault(normalize(c), -1));
        return i < 0 || i >= row.length ? null : row[i];
    }

    /** Line of the current row (1-based). */
    public int line() {
        return line;
    }

    /** Number of values in the current row, to compare with {@link #headers()}. */
    public int width() {
        return row.length;
    }

    /** The current row as header → value, for exception output. */
    public Map<String, String> raw() {
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 0; i < row.length && i < headers.size(); i++) {
            raw.put(headers.get(i), row[i]);
        }
        return raw;
    }

    @Override
    public void close() {
        try {
            rows.close();
        } catch (IOException e) {
            // read-only input
        }
    }
}
