package io.concord.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.concord.margin.engine.MarginRun;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A coverage document ({@code margin/stress.json}, {@code margin/backtest.json}) written as the accounts pass: the
 * run's date and versions and the document's own head fields, then each account, each harmonized portfolio, and the
 * firm and market levels. Accounts go straight to the file; portfolios (complete firm by firm) to a spill file
 * beside it, appended at the end, so neither list is held.
 */
final class CoverageDocument {

    private final Path file;
    private Path spill;
    private JsonGenerator json;
    private BufferedWriter portfolios;
    private boolean firstAccount = true;
    private boolean firstPortfolio = true;

    CoverageDocument(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Opens the file: the run's fields, then {@code head} in its order, then the accounts' array. */
    void begin(MarginRun run, Map<String, Object> head) {
        try {
            Files.createDirectories(file.getParent());
            spill = Files.createTempFile(file.getParent(), "." + file.getFileName() + "-portfolios", ".json");
            portfolios = Files.newBufferedWriter(spill);
            json = Json.MAPPER.getFactory().createGenerator(Files.newBufferedWriter(file));
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            if (run.asOf() != null) {
                json.writeStringField("asOf", run.asOf().toString());
            }
            json.writeStringField("mappingsVersion", run.mappingsVersion());
            json.writeStringField("parametersVersion", run.parametersVersion());
            if (run.whatIf() != null) {
                json.writeStringField("whatIf", run.whatIf());
            }
            for (Map.Entry<String, Object> e : head.entrySet()) {
                json.writeFieldName(e.getKey());
                Json.MAPPER.writeValue(json, e.getValue());
            }
            json.writeFieldName("accounts");
            json.writeRawValue("[");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    void account(Object account) {
        try {
            json.writeRaw(firstAccount ? " " : ", ");
            json.writeRaw(JsonDocumentWriter.element(account));
            firstAccount = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    void portfolio(Object portfolio) {
        try {
            portfolios.write(firstPortfolio ? " " : ", ");
            portfolios.write(JsonDocumentWriter.element(portfolio));
            firstPortfolio = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + spill, e);
        }
    }

    void end(Object firms, Object market) {
        try {
            json.writeRaw(" ]");
            portfolios.close();
            json.writeFieldName("portfolios");
            json.writeRawValue("[");
            try (Reader r = Files.newBufferedReader(spill)) {
                char[] buf = new char[8192];
                for (int n; (n = r.read(buf)) > 0; ) {
                    json.writeRaw(buf, 0, n);
                }
            }
            json.writeRaw(" ]");
            json.writeFieldName("firms");
            Json.MAPPER.writeValue(json, firms);
            json.writeFieldName("market");
            Json.MAPPER.writeValue(json, market);
            json.writeEndObject();
            json.close();
            Files.deleteIfExists(spill);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
