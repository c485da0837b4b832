package io.concord.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.concord.gateway.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file that holds no record of its feed (a header row alone, an empty JSON array, a filing without holdings) is
 * REJECTED with one whole-file reason, never acknowledged ACCEPTED with nothing in it.
 */
class EmptyFilesTest {

    @TempDir
    Path dir;

    private JsonNode ack(String feed, String name, String content) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in-" + feed));
        Files.writeString(in.resolve(name), content);
        Path out = dir.resolve("out-" + feed);
        CliRun r = CliRun.of("process", "--feed", feed, "--out", out.toString(), in.resolve(name).toString());
        assertThat(r.code()).as(r.err()).isEqualTo(4); // nothing accepted
        try (Stream<Path> s = Files.list(out.resolve("acks"))) {
            Path a = s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
            return new ObjectMapper().readTree(a.toFile());
        }
    }

    @Test
    void aFileWithNoRecordOfItsFeedIsRejectedSayingSo() throws IOException {
        String bdHeader = Files.readString(Path.of("fixtures/sec/positions-hudson-2026-11-20.csv")).lines()
                .findFirst().orElseThrow() + "\n";
        String crifHeader = Files.readString(Path.of("fixtures/crif/crif-hudson-2026-11-20.csv")).lines()
                .findFirst().orElseThrow() + "\n";
        String nport = """
                <edgarSubmission xmlns="http://www.sec.gov/edgar/nport"><formData><genInfo>
                <regLei>549300LARKSPURTRS079</regLei><seriesId>S000071234</seriesId><seriesLei>N/A</seriesLei>
                <repPdDate>2026-10-31</repPdDate></genInfo><invstOrSecs></invstOrSecs></formData></edgarSubmission>
                """;
        for (List<String> c : List.of(List.of("sec-bd-positions", "bd.csv", bdHeader),
                List.of("crif", "crif.csv", crifHeader), List.of("cftc-event", "event.json", "[]"),
                List.of("sec-nport", "nport.xml", nport))) {
            JsonNode a = ack(c.get(0), c.get(1), c.get(2));
            assertThat(a.get("status").asText()).as(c.get(0)).isEqualTo("REJECTED");
            assertThat(a.get("received").asLong()).as(c.get(0)).isEqualTo(1);
            assertThat(a.get("rejected").asLong()).as(c.get(0)).isEqualTo(1);
            assertThat(a.get("rejections").findValuesAsText("reason")).containsExactly("NOT_A_POSITION");
            assertThat(a.get("rejections").findValuesAsText("message")).singleElement().asString()
                    .contains("the file holds no record of feed " + c.get(0));
        }
    }
}
