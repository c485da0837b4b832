package io.concord.gateway.serve;

import io.concord.report.Json;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured logs on request ({@code serve --log-format json}): every line the gateway prints on standard output or
 * standard error (its own event lines, warnings, and the SLF4J lines of the libraries) becomes one JSON object,
 * {@code {"time", "level", "stream", "message"}}, for a log collector to parse. Standard output lines are INFO,
 * standard error lines WARN.
 */
public final class JsonLog extends OutputStream {

    private final PrintStream target;
    private final String level;
    private final String stream;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private JsonLog(PrintStream target, String level, String stream) {
        this.target = target;
        this.level = level;
        this.stream = stream;
    }

    /** Replaces {@code System.out} and {@code System.err} with streams writing JSON lines to the originals. */
    public static void install() {
        System.setOut(new PrintStream(new JsonLog(System.out, "INFO", "stdout"), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new JsonLog(System.err, "WARN", "stderr"), true, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void flush() {
        target.flush();
    }

    private void emit() {
        String message = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (message.endsWith("\r")) {
            message = message.substring(0, message.length() - 1);
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("time", Instant.now().toString());
        record.put("level", level);
        record.put("stream", stream);
        record.put("message", message);
        try {
            target.println(Json.MAPPER.writeValueAsString(record));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            target.println(message);
        }
    }
}
