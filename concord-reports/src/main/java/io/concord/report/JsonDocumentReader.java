package io.concord.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads one JSON object document whose arrays may be too large to hold (what {@link JsonDocumentWriter} writes: a
 * firm's {@code margin.json}, {@code margin/stress.json}): the {@link Visitor} says for each top-level field whether
 * it wants its value whole, its array one element at a time, or not at all, and the document is parsed once, as
 * a stream, with one element in memory at a time. Values are the trees {@link Json#MAPPER} reads.
 */
public final class JsonDocumentReader {

    /** How a top-level field is read. */
    public enum Mode {
        /** Its whole value, as a tree ({@link Visitor#field}). */
        WHOLE,
        /** An array, one element at a time ({@link Visitor#element}); a field that is not an array is refused. */
        ELEMENTS,
        /** Skipped unread. */
        SKIP
    }

    /** What the reader does with the document's top-level fields, in document order. */
    public interface Visitor {

        /** How {@code field} is read. */
        Mode mode(String field);

        /** A field read {@link Mode#WHOLE}. Returns whether to read on. */
        boolean field(String field, JsonNode value);

        /** Before the first element of a field read {@link Mode#ELEMENTS}. */
        default void startArray(String field) {
        }

        /** One element of a field read {@link Mode#ELEMENTS}. Returns whether to read on. */
        boolean element(String field, JsonNode element);

        /** After the last element of a field read {@link Mode#ELEMENTS}. */
        default void endArray(String field) {
        }
    }

    private JsonDocumentReader() {
    }

    /**
     * Reads the document of {@code in} (closed when done) with {@code visitor}; stops early when the visitor says so.
     * {@code what} names the document in errors.
     */
    public static void read(InputStream in, String what, Visitor visitor) {
        try (JsonParser p = Json.MAPPER.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (visitor.mode(field)) {
                    case SKIP -> p.skipChildren();
                    case WHOLE -> {
                        if (!visitor.field(field, Json.MAPPER.readTree(p))) {
                            return;
                        }
                    }
                    case ELEMENTS -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IOException("field " + field + " is not an array");
                        }
                        visitor.startArray(field);
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            if (!visitor.element(field, Json.MAPPER.readTree(p))) {
                                return;
                            }
                        }
                        visitor.endArray(field);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what + " does not parse: " + e.getMessage(), e);
        }
    }
}
