package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.concord.gateway.cli.ConcordCli;
import io.concord.gateway.serve.ServeHarness.Reply;
import io.concord.report.Json;
import io.concord.report.MarginReportXml;
import io.concord.report.MarginWorkbook;
import io.concord.report.RegulatorViews;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.concord.gateway.serve.ServeHarness.MERIDIAN;
import static io.concord.gateway.serve.ServeHarness.principal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The margin a firm reads over the API is that of the gateway's whole state: every submission it made (positions
 * under the overwrite rule, collateral lines, CRIF sensitivities), equal to one {@code process} run over the same
 * files; and each format is what it claims (XML valid against the published XSD, a workbook POI opens). The
 * gateway here holds only these submissions, so the regulator views equal that run's too.
 */
class ServeMarginTest {

    static final String EOD = "fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml";
    static final String AMEND = "fixtures/cftc/posrpt-meridian-2026-11-20-2-amend.xml";
    static final String TRADES = "fixtures/cftc/part45-trades-meridian-2026-11-20.xml";
    static final String COLLATERAL = "fixtures/cftc/part45-margin-meridian-2026-11-20.xml";
    static final String CRIF = "fixtures/crif/crif-meridian-2026-11-20.tsv";

    @TempDir
    static Path dir;
    static ServeHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = new ServeHarness(dir, 10_000_000, List.of(
                principal("meridian", Principal.Role.FIRM, MERIDIAN),
                principal("regulator", Principal.Role.REGULATOR)));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    /** A clean {@code process} run over {@code files}. */
    private static Path reference(String name, String... files) {
        Path out = dir.resolve("reference-" + name);
        List<String> args = new ArrayList<>(List.of("process", "--out", out.toString(), "--mappings",
                dir.resolve("mappings").toString()));
        args.addAll(List.of(files));
        assertThat(ConcordCli.run(args.toArray(String[]::new))).isZero();
        return out;
    }

    /** What margin.json of {@code run} gives for the firm: its accounts, with the run's date and versions. */
    static JsonNode firmPart(Path run, String lei) throws Exception {
        JsonNode all = Json.MAPPER.readTree(run.resolve("margin/margin.json").toFile());
        ObjectNode firm = Json.MAPPER.createObjectNode();
        firm.put("firm", lei);
        firm.set("asOf", all.get("asOf"));
        firm.set("mappingsVersion", all.get("mappingsVersion"));
        firm.set("parametersVersion", all.get("parametersVersion"));
        if (all.has("whatIf")) {
            firm.set("whatIf", all.get("whatIf"));
        }
        ArrayNode accounts = firm.putArray("accounts");
        all.get("accounts").forEach(a -> {
            if (a.get("firm").asText().equals(lei)) {
                accounts.add(a);
            }
        });
        return firm;
    }

    private static Reply margin(String format) throws Exception {
        Reply r = gateway.get("/firms/" + MERIDIAN + "/margin?format=" + format, "k-meridian");
        assertThat(r.status()).as(format + ": " + new String(r.bytes())).isEqualTo(200);
        return r;
    }

    @Test
    void theMarginOfSeveralSubmissionsIsThatOfTheirCombinedStateInEveryFormat() throws Exception {
        assertThat(gateway.get("/firms/" + MERIDIAN + "/margin", "k-meridian").status())
                .as("nothing submitted yet").isEqualTo(404);

        assertThat(gateway.submit("k-meridian", "cftc-fixml-posrpt", EOD).status()).isEqualTo(201);
        JsonNode afterEod = margin("json").body();
        assertThat(afterEod.get("accounts")).isNotEmpty();

        assertThat(gateway.submit("k-meridian", "cftc-fixml-posrpt", AMEND).status()).isEqualTo(201);
        JsonNode afterAmend = margin("json").body();
        assertThat(afterAmend).as("the amendment changed the margin").isNotEqualTo(afterEod);
        assertThat(afterAmend).as("the margin of both reports, overwrite rule applied")
                .isEqualTo(firmPart(reference("eod-amend", EOD, AMEND), MERIDIAN));

        for (String[] s : List.of(new String[] {"cftc-part45", TRADES}, new String[] {"cftc-part45", COLLATERAL},
                new String[] {"crif", CRIF})) {
            assertThat(gateway.submit("k-meridian", s[0], s[1]).status()).as(s[1]).isEqualTo(201);
        }
        Path all = reference("all", EOD, AMEND, TRADES, COLLATERAL, CRIF);
        JsonNode combined = margin("json").body();
        assertThat(combined).isEqualTo(firmPart(all, MERIDIAN));
        assertThat(combined.get("accounts")).as("CRIF sensitivities margined by SIMM")
                .anySatisfy(a -> assertThat(a.get("silos").toString()).contains("\"silo\":\"SIMM\""))
                .as("collateral lines valued").anySatisfy(a -> assertThat(a.at("/collateral/lines")).isNotEmpty());

        Reply xml = margin("xml");
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getClassLoader().getResource(MarginReportXml.XSD)).newValidator()
                .validate(new StreamSource(new ByteArrayInputStream(xml.bytes())));
        assertThat(xml.bytes()).as("the XML of the same margin")
                .isEqualTo(java.nio.file.Files.readAllBytes(all.resolve("reports/" + MERIDIAN + "/" + MarginReportXml.FILE_NAME)));

        Reply xlsx = margin("xlsx");
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(xlsx.bytes()))) {
            // the shipped mappings have stress scenarios: their two sheets follow the margin sheets
            java.util.List<String> sheets = new java.util.ArrayList<>(MarginWorkbook.SHEETS);
            sheets.addAll(java.util.List.of("Stress", "Stress accounts"));
            assertThat(IntStream.range(0, wb.getNumberOfSheets()).mapToObj(wb::getSheetName).toList())
                    .isEqualTo(sheets);
            // the account table: under the header row that starts "Account", down to the firm's "Total (n accounts)"
            org.apache.poi.ss.usermodel.Sheet summarySheet = wb.getSheet("Summary");
            int header = 0;
            while (!"Account".equals(summarySheet.getRow(header) == null ? null
                    : summarySheet.getRow(header).getCell(0).getStringCellValue())) {
                header++;
            }
            int accountRows = 0;
            while (!summarySheet.getRow(header + 1 + accountRows).getCell(0).getStringCellValue().startsWith("Total (")) {
                accountRows++;
            }
            assertThat(accountRows).as("one row per account").isEqualTo(combined.get("accounts").size());
            assertThat(wb.getSheet("Positions").getLastRowNum()).as("one row per booked position")
                    .isEqualTo(bookedPositions(all));
        }

        JsonNode combinedAgain = gateway.get("/firms/" + MERIDIAN + "/margin", "k-regulator").body();
        assertThat(combinedAgain).as("the regulator reads the same").isEqualTo(combined);
        for (String view : List.of("positions-by-taxonomy", "large-positions", "margin-by-firm")) {
            Reply r = gateway.get("/regulator/" + view, "k-regulator");
            assertThat(r.status()).isEqualTo(200);
            JsonNode expected = Json.MAPPER.readTree(all.resolve("regulator/" + view + ".json").toFile());
            assertThat(r.body()).as(view).isEqualTo(expected);
        }
        Reply summary = gateway.get("/regulator/margin-summary", "k-regulator");
        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.body()).as("margin/summary.json").isEqualTo(Json.MAPPER.readTree(
                all.resolve("margin/summary.json").toFile()));
        Reply views = gateway.get("/regulator/" + RegulatorViews.WORKBOOK, "k-regulator");
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(views.bytes()))) {
            assertThat(IntStream.range(0, wb.getNumberOfSheets()).mapToObj(wb::getSheetName).toList())
                    .isEqualTo(RegulatorViews.SHEETS);
        }
    }

    private static long bookedPositions(Path run) throws Exception {
        try (var lines = java.nio.file.Files.lines(run.resolve("book/positions.jsonl"))) {
            return lines.filter(l -> l.contains(MERIDIAN)).count();
        }
    }
}
