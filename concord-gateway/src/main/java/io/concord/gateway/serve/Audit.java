package io.concord.gateway.serve;

import io.concord.report.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit log of reads: {@code out/audit/reads.jsonl}, one JSON line per answered API call that reads firm data,
 * saying who ({@code principal}, {@code role}) read which firm's data ({@code firm}: an LEI, or {@code *} for a
 * market-wide view of every firm), by which call ({@code method}, {@code path}, {@code route}), when, and what the
 * answer was ({@code status}: a refused read is logged too). Written synchronously, appended, never rewritten.
 */
public final class Audit {

    private final Path file;

    public Audit(Path folder) {
        this.file = folder.resolve("reads.jsonl");
    }

    public Path file() {
        return file;
    }

    /** Records one read; a failure to write is printed and does not fail the call. */
    public synchronized void read(Principal p, String firm, String method, String path, String route, int status) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("principal", p.name());
        line.put("role", p.role().name());
        line.put("firm", firm);
        line.put("method", method);
        line.put("path", path);
        line.put("route", route);
        line.put("status", status);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.MAPPER.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("audit log " + file + " not written: " + e);
        }
    }
}
