package io.concord.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
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
 * time. The file is the one {@code Json.MAPPER.writerWithDefaultPrettyPrinter()} writes for the whole value.
 */
public final class JsonDocumentWriter implements AutoCloseable {

    private static final ObjectWriter ELEMENT = Json.MAPPER.writer()
            .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private final Path file;
    private final JsonGenerator json;
    private final Iterator<Map.Entry<String, JsonNode>> after;

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
                    json.writeStartArray();
                    break;
                }
                Json.MAPPER.writeTree(json, f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Adds one element to the array. */
    public void add(Object element) {
        try {
            ELEMENT.writeValue(json, element);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** Ends the array, writes the header's remaining fields and closes the file. */
    @Override
    public void close() {
        try {
            json.writeEndArray();
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
