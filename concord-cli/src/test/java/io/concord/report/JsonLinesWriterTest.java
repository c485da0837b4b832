package io.concord.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesWriterTest {

    @TempDir
    Path tmp;

    record Row(String account, BigDecimal qty, LocalDate asOf) {
    }

    @Test
    void eachValueIsOneLineEndedByANewlineWithNothingBetweenLines() throws Exception {
        Path file = tmp.resolve("out/rows.jsonl");
        List<Row> rows = List.of(new Row("C-1", new BigDecimal("10.50"), LocalDate.of(2026, 11, 20)),
                new Row("line\nbreak \"quoted\" é", BigDecimal.ZERO, LocalDate.of(2026, 11, 21)),
                new Row("=HYPERLINK(\"x\")", new BigDecimal("-3"), null));
        try (JsonLinesWriter w = new JsonLinesWriter(file)) {
            rows.forEach(w::write);
            assertThat(w.lines()).isEqualTo(3);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n").doesNotContain("\n ").doesNotStartWith(" ");
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(3);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode n = Json.MAPPER.readTree(lines.get(i));
            assertThat(n.get("account").asText()).isEqualTo(rows.get(i).account());
            assertThat(n.get("qty").decimalValue()).isEqualByComparingTo(rows.get(i).qty());
        }
        assertThat(Json.MAPPER.readTree(lines.get(0)).get("asOf").asText()).isEqualTo("2026-11-20");
    }
}
