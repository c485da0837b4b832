package io.concord.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes one pretty-printed JSON document whose one array field is too large to hold: the document's other fields
 * come from {@code header} (the document's value with that array empty), the array's elements are added one at a
 * time, each already formatted by {@link #element} (which any thread may call). The file is the one
 * {@code Json.MAPPER.writerWithDefaultPrettyPrinter()} writes for the whole value.
 */
public final class JsonDocumentWriter implements AutoCloseable {

    private static final ObjectWriter PRETTY = Json.MAPPER.writerWithDefaultPrettyPrinter();

    private final Path file;
    private final JsonGenerator json;
    private final Iterator<Map.Entry<String, JsonNode>> after;
    private boolean first = true;

    /** Opens {@code file} and writes {@code header}'s fields up to and including the start of {@code arrayField}. */
    public JsonDocumentWriter(Path file, Object header, String arrayField) {
        this.file = file;
        ObjectNode fields = Json.MAPPER.valueToTree(header);
        if (!fields.has(arrayField)) {
            throw new IllegalArgumentException(header.getClass().getSimpleName() + " has no field " + arrayField);
        }
        try {
            Files.createDirectories(file.getParent());
            json = Json.MAPPER.getFactory().createGenerator(Files.newBufferedWriter(file));
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            after = fields.fields();
            while (after.hasNext()) {
                Map.Entry<String, JsonNode> f = after.next();
                json.writeFieldName(f.getKey());
                if (f.getKey().equals(arrayField)) {
                    // the array as raw text: the generator counts it as the field's value
                    json.writeRawValue("[");
                    break;
                }
                Json.MAPPER.writeTree(json, f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * An array element as this writer adds it: pretty-printed, indented one level deeper than a document of its
     * own (a pretty printer writes no line break inside a string, so every line break starts a line).
     */
    public static String element(Object value) {
        try {
            return PRETTY.writeValueAsString(value).replace("\n", "\n  ");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot format " + value.getClass().getSimpleName(), e);
        }
    }

    /** Adds one element to the array, as {@link #element} formatted it. */
    public void add(String element) {
        try {
            json.writeRaw(first ? " " : ", ");
            json.writeRaw(element);
            first = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** Closes the file unfinished and removes it. */
    public void discard() {
        try {
            json.close();
        } catch (IOException ignored) {
            // the file is removed all the same
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }

    /** Ends the array, writes the header's remaining fields and closes the file. */
    @Override
    public void close() {
        try {
            json.writeRaw(" ]");
            while (after.hasNext()) {
                Map.Entry<String, JsonNode> f = after.next();
                json.writeFieldName(f.getKey());
                Json.MAPPER.writeTree(json, f.getValue());
            }
            json.writeEndObject();
            json.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
