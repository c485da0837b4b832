package io.concord.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Views of a coverage document ({@link StressJson}, {@link BacktestJson}; see {@link CoverageDocument}) that the API
 * serves: a firm's part, and the market's. Both read the document as a stream ({@link JsonDocumentReader}) and write
 * the view as they read, so a document of a million positions' accounts is never held: one account at a time.
 */
public final class CoverageViews {

    /** The document's arrays with an entry per firm's account, portfolio or level. */
    private static final Set<String> BY_FIRM = Set.of("accounts", "portfolios", "firms");

    private CoverageViews() {
    }

    /**
     * Writes, as the next value of {@code out}, the document of {@code document} with only {@code lei}'s accounts,
     * portfolios and firm level, and no market level; returns how many firm levels of {@code lei} it has (0: the
     * document has nothing of the firm's).
     */
    public static int firm(InputStream document, String lei, JsonGenerator out) throws IOException {
        int[] levels = {0};
        out.writeStartObject();
        JsonDocumentReader.read(document, "a coverage document of the current state", new Copy(out) {
            @Override
            public JsonDocumentReader.Mode mode(String field) {
                return field.equals("market") ? JsonDocumentReader.Mode.SKIP : BY_FIRM.contains(field)
                        ? JsonDocumentReader.Mode.ELEMENTS : JsonDocumentReader.Mode.WHOLE;
            }

            @Override
            public boolean element(String field, JsonNode element) {
                if (lei.equals(element.path("firm").asText(null))) {
                    levels[0] += field.equals("firms") ? 1 : 0;
                    write(element);
                }
                return true;
            }
        });
        out.writeEndObject();
        return levels[0];
    }

    /**
     * Writes, as the next value of {@code out}, the document of {@code document} without its accounts and
     * portfolios: the head, the firm levels and the market level.
     */
    public static void market(InputStream document, JsonGenerator out) throws IOException {
        out.writeStartObject();
        JsonDocumentReader.read(document, "a coverage document of the current state", new Copy(out) {
            @Override
            public JsonDocumentReader.Mode mode(String field) {
                return field.equals("accounts") || field.equals("portfolios") ? JsonDocumentReader.Mode.SKIP
                        : JsonDocumentReader.Mode.WHOLE;
            }

            @Override
            public boolean element(String field, JsonNode element) {
                throw new IllegalStateException("no field is read by element");
            }
        });
        out.writeEndObject();
    }

    /** A visitor that writes the fields it reads whole, and the arrays it reads by element, to a generator. */
    private abstract static class Copy implements JsonDocumentReader.Visitor {
        private final JsonGenerator out;

        Copy(JsonGenerator out) {
            this.out = out;
        }

        @Override
        public boolean field(String field, JsonNode value) {
            try {
                out.writeFieldName(field);
                Json.VALUES.writeValue(out, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        }

        @Override
        public void startArray(String field) {
            try {
                out.writeArrayFieldStart(field);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void write(JsonNode element) {
            try {
                Json.VALUES.writeValue(out, element);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void endArray(String field) {
            try {
                out.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
