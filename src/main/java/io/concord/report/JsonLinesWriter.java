package io.concord.report;

import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes one JSON object per line (NDJSON), streaming. */
public final class JsonLinesWriter implements AutoCloseable {

    private static final ObjectWriter WRITER = Json.MAPPER.writer();

    private final Path path;
    private final BufferedWriter out;
    private long lines;

    public JsonLinesWriter(Path path) {
        this.path = path;
        try {
            Files.createDirectories(path.getParent());
            this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
    }

    public synchronized void write(Object value) {
        try {
            out.write(WRITER.writeValueAsString(value));
            out.write('\n');
            lines++;
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
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path, e);
        }
    }
}
