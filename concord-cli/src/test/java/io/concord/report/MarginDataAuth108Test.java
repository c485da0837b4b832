package io.concord.report;

import io.concord.gateway.cli.ProcessCommand;
import com.fasterxml.jackson.databind.JsonNode;
import io.concord.feed.FeedItem;
import io.concord.feed.ParserTestSupport;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourceCollateral;
import io.concord.feed.XmlSchemas;
import io.concord.feed.part45.Part45Parser;
import io.concord.gateway.cli.CliRun;
import io.concord.model.CollateralLine;
import io.concord.model.Lineage;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Validator;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code reports/<LEI>/auth108-margin-data.xml} from {@code concord process} on the shipped fixtures: valid against
 * the auth.108.001.02 XSD, its amounts those of the swap margin lines in normalized/collateral.jsonl, and read back
 * by Concord's own {@code cftc-part45} parser to the same amounts.
 */
class MarginDataAuth108Test {

    @TempDir
    static Path out;

    @BeforeAll
    static void processTheFixtures() {
        CliRun r = CliRun.of("process", "--out", out.toString(), "fixtures");
        assertThat(r.code()).as(r.err()).isEqualTo(ProcessCommand.EXIT_REJECTED); // fixtures/bad/ is rejected
    }

    /** Sums of pre- and post-haircut value by firm | account | purpose | direction (null sum: some line lacks it). */
    private static Map<String, BigDecimal[]> expected() throws IOException {
        Map<String, BigDecimal[]> sums = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(out.resolve("normalized/collateral.jsonl"))) {
            for (String row = in.readLine(); row != null; row = in.readLine()) {
                JsonNode l = Json.MAPPER.readTree(row);
                String purpose = l.get("purpose").asText();
                if (!purpose.equals("IM") && !purpose.equals("VM") || l.path("collateralisation").isNull()
                        || l.path("collateralisation").isMissingNode()) {
                    continue;
                }
                add(sums, l.get("ownerLei").asText() + "|" + l.get("account").asText() + "|" + purpose + "|"
                        + l.get("direction").asText(), decimal(l.get("marketValue")),
                        decimal(l.get("postHaircutValue")));
            }
        }
        return sums;
    }

    private static BigDecimal decimal(JsonNode n) {
        return n == null || n.isNull() ? null : new BigDecimal(n.asText());
    }

    private static void add(Map<String, BigDecimal[]> sums, String key, BigDecimal pre, BigDecimal post) {
        BigDecimal[] s = sums.get(key);
        sums.put(key, s == null ? new BigDecimal[] {pre, post} : new BigDecimal[] {
                s[0] == null || pre == null ? null : s[0].add(pre),
                s[1] == null || post == null ? null : s[1].add(post)});
    }

    @Test
    void everyFirmWithSwapMarginGetsAValidReport() throws IOException {
        List<Path> files = files();
        assertThat(files).extracting(p -> p.getParent().getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(expected().keySet().stream()
                        .map(k -> k.substring(0, k.indexOf('|'))).distinct().toList());
        // the fixtures' auth.108 reports: part45-margin-larkspur and part45-margin-meridian
        assertThat(files).extracting(p -> p.getParent().getFileName().toString())
                .containsExactlyInAnyOrder("549300LARKSPURSEC059", "5493007MERIDIANFUT65");
        for (Path f : files) {
            assertThatCode(() -> {
                Validator v = XmlSchemas.load(MarginDataAuth108.XSD).newValidator();
                v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                v.validate(new StreamSource(f.toFile()));
            }).as(f.toString()).doesNotThrowAnyException();
        }
    }

    @Test
    void readBackByThePart45ParserItsAmountsAreTheCollateralLines() throws IOException {
        Map<String, BigDecimal[]> read = new TreeMap<>();
        for (Path f : files()) {
            for (FeedItem item : ParserTestSupport.parse(new Part45Parser(), f)) {
                assertThat(item).as(item instanceof RecordFailure r ? r.toString() : f.toString())
                        .isInstanceOf(SourceCollateral.class);
                CollateralLine l = ((SourceCollateral) item).line();
                add(read, l.ownerLei() + "|" + l.account() + "|" + l.purpose() + "|" + l.direction(), l.marketValue(),
                        l.postHaircutValue());
            }
        }
        Map<String, BigDecimal[]> expected = expected();
        assertThat(read.keySet()).isEqualTo(expected.keySet());
        // Larkspur's fixture: IM posted 2,800,000 pre / 2,632,000 post haircut in portfolio LARK-CALDERA-IM
        assertThat(expected.get("549300LARKSPURSEC059|LARK-CALDERA-IM|IM|POSTED"))
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("2800000"),
                        new BigDecimal("2632000"));
        expected.forEach((k, v) -> assertThat(read.get(k)).as(k).usingElementComparator(
                (a, b) -> a == null || b == null ? (a == b ? 0 : 1) : a.compareTo(b)).containsExactly(v));
    }

    @Test
    void aDocumentTheSchemaRefusesIsNotWritten(@TempDir Path dir) {
        CollateralLine bad = new CollateralLine(LocalDate.of(2026, 11, 20), "cftc-part45", "NOT-AN-LEI", "PF-1",
                SegregationClass.UNCLEARED_IM_SEG, null, new CollateralLine.AssetIds(null, null, null, "USD"), null,
                false, null, null, null, null, null, new BigDecimal("100"), "USD", null, null, null,
                CollateralLine.Purpose.IM, CollateralLine.Direction.POSTED, "FLCL",
                Lineage.of("cftc-part45", "m.xml", 1, "Rpt[1]", "s-1"));
        assertThatThrownBy(() -> MarginDataAuth108.write(List.of(bad), Instant.parse("2026-11-20T22:00:00Z"), dir))
                .hasMessageContaining("does not conform to its schema");
        assertThat(dir.resolve("NOT-AN-LEI").resolve(MarginDataAuth108.FILE_NAME)).doesNotExist();
    }

    @Test
    void linesWithoutACollateralisationCategoryAreNotSwapMarginData(@TempDir Path dir) {
        CollateralLine futuresIm = new CollateralLine(LocalDate.of(2026, 11, 20), "fixml-acctsumrpt",
                "549300LARKSPURSEC059", "CUST-1", SegregationClass.CFTC_4D_FUT, null,
                new CollateralLine.AssetIds(null, null, null, "USD"), null, false, null, null, null, null, null,
                new BigDecimal("100"), "USD", null, null, null, CollateralLine.Purpose.IM,
                CollateralLine.Direction.POSTED, null, Lineage.of("fixml-acctsumrpt", "a.xml", 1, "Acct[1]", "s-1"));
        assertThat(MarginDataAuth108.write(List.of(futuresIm), Instant.parse("2026-11-20T22:00:00Z"), dir)).isEmpty();
    }

    private static List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(out.resolve("reports"))) {
            s.filter(p -> p.getFileName().toString().equals(MarginDataAuth108.FILE_NAME)).sorted().forEach(files::add);
        }
        return files;
    }
}
