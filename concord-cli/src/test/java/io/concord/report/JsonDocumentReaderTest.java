package io.concord.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JsonDocumentReader} reads what {@link JsonDocumentWriter} writes, one element at a time; the coverage views
 * built on it ({@link CoverageViews}) give the bytes the API gave when it read the whole document as a tree.
 */
class JsonDocumentReaderTest {

    @TempDir
    Path dir;

    /** A document's head: fields before and after its array, as margin.json and stress.json have them. */
    record Doc(String firm, String asOf, List<Map<String, Object>> accounts, Map<String, Object> market) {
    }

    @Test
    void readsTheFieldsInOrderAndTheArrayOneElementAtATime() throws Exception {
        Path file = dir.resolve("doc.json");
        try (JsonDocumentWriter w = new JsonDocumentWriter(file, new Doc("F", "2026-11-20", List.of(),
                Map.of("total", 3.5)), "accounts")) {
            for (int i = 0; i < 1000; i++) {
                w.add(JsonDocumentWriter.element(Map.of("account", "A-" + i, "margin", i * 1.5)));
            }
        }
        JsonNode whole = Json.MAPPER.readTree(file.toFile());
        List<String> seen = new ArrayList<>();
        List<JsonNode> elements = new ArrayList<>();
        JsonDocumentReader.read(Files.newInputStream(file), "doc.json", new JsonDocumentReader.Visitor() {
            @Override
            public JsonDocumentReader.Mode mode(String field) {
                return field.equals("accounts") ? JsonDocumentReader.Mode.ELEMENTS : JsonDocumentReader.Mode.WHOLE;
            }

            @Override
            public boolean field(String field, JsonNode value) {
                seen.add(field + "=" + value);
                return true;
            }

            @Override
            public void startArray(String field) {
                seen.add("[" + field);
            }

            @Override
            public boolean element(String field, JsonNode element) {
                elements.add(element);
                return true;
            }

            @Override
            public void endArray(String field) {
                seen.add(field + "]");
            }
        });
        assertThat(seen).containsExactly("firm=\"F\"", "asOf=\"2026-11-20\"", "[accounts", "accounts]",
                "market=" + whole.get("market"));
        assertThat(elements).hasSize(1000);
        assertThat((JsonNode) Json.MAPPER.valueToTree(elements)).isEqualTo(whole.get("accounts"));
    }

    @Test
    void skipsWhatItIsToldToAndStopsWhenTheVisitorSaysSo() {
        byte[] doc = "{\"a\":[1,2,3,4],\"b\":{\"deep\":[1,{\"x\":2}]},\"c\":[5,6,7],\"d\":8}".getBytes(StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        JsonDocumentReader.read(new ByteArrayInputStream(doc), "doc", new JsonDocumentReader.Visitor() {
            @Override
            public JsonDocumentReader.Mode mode(String field) {
                return field.equals("b") ? JsonDocumentReader.Mode.SKIP : field.equals("d")
                        ? JsonDocumentReader.Mode.WHOLE : JsonDocumentReader.Mode.ELEMENTS;
            }

            @Override
            public boolean field(String field, JsonNode value) {
                seen.add(field + value);
                return true;
            }

            @Override
            public boolean element(String field, JsonNode element) {
                seen.add(field + element);
                return !(field.equals("c") && element.asInt() == 6);
            }
        });
        assertThat(seen).containsExactly("a1", "a2", "a3", "a4", "c5", "c6");
    }

    @Test
    void refusesAnArrayThatIsNotOneAndADocumentThatIsNotAnObjectNamingTheDocument() {
        JsonDocumentReader.Visitor elements = new JsonDocumentReader.Visitor() {
            @Override
            public JsonDocumentReader.Mode mode(String field) {
                return JsonDocumentReader.Mode.ELEMENTS;
            }

            @Override
            public boolean field(String field, JsonNode value) {
                return true;
            }

            @Override
            public boolean element(String field, JsonNode element) {
                return true;
            }
        };
        assertThatThrownBy(() -> JsonDocumentReader.read(stream("{\"accounts\":{\"a\":1}}"), "x/margin.json",
                elements)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("x/margin.json").hasMessageContaining("field accounts is not an array");
        assertThatThrownBy(() -> JsonDocumentReader.read(stream("[1,2]"), "x/stress.json", elements))
                .hasMessageContaining("x/stress.json").hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> JsonDocumentReader.read(stream("{\"accounts\":[1,"), "x/cut.json", elements))
                .hasMessageContaining("x/cut.json does not parse");
    }

    @Test
    void theCoverageViewsGiveTheBytesOfTheWholeDocumentFiltered() throws Exception {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("asOf", "2026-11-20").put("method", "revalued").putArray("scenarios").add("s1").add("s2");
        ArrayNode accounts = doc.putArray("accounts");
        ArrayNode portfolios = doc.putArray("portfolios");
        ArrayNode firms = doc.putArray("firms");
        for (String firm : List.of("549300AAAAAAAAAAAAA01", "549300BBBBBBBBBBBBB02", "549300CCCCCCCCCCCCC03")) {
            for (int i = 0; i < 40; i++) {
                accounts.addObject().put("firm", firm).put("account", "A-" + i).put("loss", 1234567.125 + i)
                        .putArray("pnl").add(-1.5e7).add(0.1);
            }
            portfolios.addObject().put("firm", firm).put("customer", "C").put("loss", 10);
            firms.addObject().put("firm", firm).put("accounts", 40);
        }
        doc.putObject("market").put("accounts", 120);
        doc.put("after", true);
        Path file = dir.resolve("stress.json");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), doc);

        String lei = "549300BBBBBBBBBBBBB02";
        ObjectNode expected = Json.MAPPER.createObjectNode();
        doc.fields().forEachRemaining(f -> {
            if (f.getKey().equals("market")) {
                return;
            }
            if (f.getValue().isArray() && List.of("accounts", "portfolios", "firms").contains(f.getKey())) {
                ArrayNode kept = expected.putArray(f.getKey());
                f.getValue().forEach(x -> {
                    if (x.path("firm").asText().equals(lei)) {
                        kept.add(x);
                    }
                });
            } else {
                expected.set(f.getKey(), f.getValue());
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var g = Json.generator(out); InputStream in = Files.newInputStream(file)) {
            assertThat(CoverageViews.firm(in, lei, g)).isEqualTo(1);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Json.MAPPER.writeValueAsString(expected));
        assertThat(expected.path("accounts")).hasSize(40);

        ByteArrayOutputStream none = new ByteArrayOutputStream();
        try (var g = Json.generator(none); InputStream in = Files.newInputStream(file)) {
            assertThat(CoverageViews.firm(in, "549300ZZZZZZZZZZZZZ09", g)).isZero();
        }

        ObjectNode market = doc.deepCopy();
        market.remove(List.of("accounts", "portfolios"));
        ByteArrayOutputStream view = new ByteArrayOutputStream();
        try (var g = Json.generator(view); InputStream in = Files.newInputStream(file)) {
            CoverageViews.market(in, g);
        }
        assertThat(view.toString(StandardCharsets.UTF_8)).isEqualTo(Json.MAPPER.writeValueAsString(market));
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
