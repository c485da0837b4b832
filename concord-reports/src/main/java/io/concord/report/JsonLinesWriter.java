package io.concord.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one JSON object per line (NDJSON), streaming: each value is serialized straight into the buffered file
 * through one generator (no string per record, no flush per record).
 */
public final class JsonLinesWriter implements AutoCloseable {

    private static final ObjectWriter WRITER = Json.MAPPER.writer()
            .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private final Path path;
    private final BufferedWriter out;
    private final JsonGenerator json;
    private long lines;

    public JsonLinesWriter(Path path) {
        this.path = path;
        try {
            Files.createDirectories(path.getParent());
            this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            this.json = Json.MAPPER.getFactory().createGenerator(out);
            json.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
    }

    public synchronized void write(Object value) {
        try {
            WRITER.writeValue(json, value);
            json.writeRaw('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** {@code values} as this writer writes them, one line each: any thread may format, {@link #writeLines} writes. */
    public static String lines(java.util.List<?> values) {
        StringBuilder b = new StringBuilder(values.size() * 512);
        try {
            for (Object v : values) {
                b.append(WRITER.writeValueAsString(v)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format a line", e);
        }
        return b.toString();
    }

    /** Writes {@code count} lines formatted by {@link #lines}. */
    public synchronized void writeLines(String text, int count) {
        try {
            json.writeRaw(text);
            lines += count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    public long lines() {
        return lines;
    }

    @Override
    public synchronized void close() {
        try {
            json.close();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path, e);
        }
    }
}
