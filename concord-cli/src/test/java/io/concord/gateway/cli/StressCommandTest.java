package io.concord.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code concord stress} on the Hudson cross-margin fixtures with a user's scenario file. */
class StressCommandTest {

    private static final String SEC = "fixtures/sec/positions-hudson-xm-2026-11-20.csv";
    private static final String CFTC = "fixtures/cftc/posrpt-hudson-xm-2026-11-20.xml";
    private static final String SCENARIO = """
            id: spx-down-ten
            name: "Hypothetical: S&P 500 -10 %"
            kind: HYPOTHETICAL
            horizonDays: 2
            description: "hypothetical: the S&P 500 falls 10 % over the 2-day futures margin period of risk"
            sources: ["a user's what-if for this test"]
            eventContracts: UNCHANGED
            shocks:
              - {factor: "EQ:SPX", unit: RELATIVE, move: -0.10, source: "hypothetical: the user's move"}
            """;

    @TempDir
    Path tmp;

    @Test
    void aUsersScenarioAgainstTheHarmonizedSpyAndEminiPortfolio() throws Exception {
        Path file = tmp.resolve("spx-down-ten.yaml");
        Files.writeString(file, SCENARIO);
        Path out = tmp.resolve("out");

        CliRun run = CliRun.of("stress", "--out", out.toString(), "--scenarios", file.toString(), SEC, CFTC);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("stress: worst of 1 scenarios spx-down-ten")
                .containsPattern("spx-down-ten +HYPOTHETICAL +2 ");
        JsonNode stress = Json.MAPPER.readTree(out.resolve("margin/stress.json").toFile());
        assertThat(stress.at("/scenarios/0/sources/0").asText()).isEqualTo("a user's what-if for this test");
        // XM-2002: 3,000 SPY at 683.10 = 2,049,300.00 long, 4 ES short at 6,852.25 x 50 = 1,370,450.00.
        // S&P 500 -10 %: -204,930.00 + 137,045.00 = -67,885.00. Siloed 253,944.00 covers it; the harmonized figure
        // 54,308.00 (253,944.00 less the saving 199,636.00, docs/margin.md "Harmonized margin") falls short by 13,577.00.
        JsonNode xm = null;
        for (JsonNode a : stress.get("accounts")) {
            if (a.get("account").asText().equals("XM-2002")) {
                xm = a;
            }
        }
        assertThat(xm).isNotNull();
        assertThat(xm.get("siloed").decimalValue()).isEqualByComparingTo("253944.00");
        assertThat(xm.get("harmonized").decimalValue()).isEqualByComparingTo("54308.00");
        JsonNode s = xm.at("/scenarios/0");
        assertThat(s.get("pnl").decimalValue()).isEqualByComparingTo("-67885.00");
        assertThat(s.get("shortfallSiloed").decimalValue()).isEqualByComparingTo("0");
        assertThat(s.get("shortfallHarmonized").decimalValue()).isEqualByComparingTo("13577.00");
        assertThat(xm.at("/worst/harmonizedCovers").asBoolean()).isFalse();

        JsonNode summary = Json.MAPPER.readTree(out.resolve("margin/summary.json").toFile());
        assertThat(summary.at("/market/stress/worstScenario").asText()).isEqualTo("spx-down-ten");
        JsonNode byFirm = Json.MAPPER.readTree(out.resolve("regulator/margin-by-firm.json").toFile());
        assertThat(byFirm.at("/market/stress/worst/accounts/HARMONIZED/underMargined").asInt())
                .isEqualTo(summary.at("/market/stress/worst/accounts/HARMONIZED/underMargined").asInt())
                .isPositive();
        // the firm's workbook: the Stress sheet per scenario with its chart, one Stress accounts row per account
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(out.resolve(
                "reports/549300HUDSONCLR0RG39/margin-report.xlsx").toFile())) {
            var sheet = wb.getSheet("Stress");
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("spx-down-ten");
            assertThat(sheet.getRow(1).getCell(6).getNumericCellValue()).isEqualTo(
                    summary.at("/firms/0/stress/scenarios/0/accounts/HARMONIZED/underMargined").asDouble());
            assertThat(sheet.getDrawingPatriarch().getCharts()).hasSize(1);
            var accounts = wb.getSheet("Stress accounts");
            var xmRow = java.util.stream.IntStream.rangeClosed(1, accounts.getLastRowNum()).mapToObj(accounts::getRow)
                    .filter(r -> r.getCell(0).getStringCellValue().equals("XM-2002")).findFirst().orElseThrow();
            assertThat(xmRow.getCell(7).getNumericCellValue()).isEqualTo(67_885.00);
            assertThat(xmRow.getCell(8).getStringCellValue()).isEqualTo("yes");
            assertThat(xmRow.getCell(9).getStringCellValue()).isEqualTo("no");
            assertThat(accounts.getLastRowNum()).isEqualTo(summary.at("/firms/0/stress/accounts").asInt());
        }
        // the firm's XML report (schema version 1.1, validated as it is written) carries the same coverage
        String xml = Files.readString(out.resolve("reports/549300HUDSONCLR0RG39/margin-report.xml"));
        assertThat(xml).contains("<Portfolio>XM-2002</Portfolio>").contains("<Pnl>-67885.00</Pnl>")
                .contains("<ShortfallHarmonized>13577.00</ShortfallHarmonized>");
        // counts reconcile: every account is covered or under-margined under each regime
        JsonNode worst = summary.at("/market/stress/worst/accounts");
        worst.forEach(r -> assertThat(r.get("covered").asInt() + r.get("underMargined").asInt())
                .isEqualTo(summary.at("/market/stress/accounts").asInt()));
    }

    @Test
    void aBacktestSeriesWithProblemsStopsTheCommandBeforeAnythingIsProcessed() throws IOException {
        Path series = Files.createDirectories(tmp.resolve("series"));
        Files.writeString(series.resolve("day-1.yaml"), "asOf: \"2026-11-19\"\nriskFactors: {}\nfxToUsd: {}\n");
        Files.writeString(series.resolve("day-2.yaml"), "asOf: \"2026-11-20\"\nriskFreeRate: {value: 0.04}\n"
                + "riskFactors: {}\nfxToUsd: {}\n");
        Path out = tmp.resolve("out");

        CliRun run = CliRun.of("stress", "--out", out.toString(), "--backtest", series.toString(), SEC, CFTC);

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("day-1.yaml:1: schema: $: required property 'riskFreeRate' not found")
                .contains("day-2.yaml:2: schema: $.riskFreeRate: required property 'source' not found")
                .contains("2 problem(s) in the backtest series; nothing processed");
        assertThat(out).doesNotExist();
    }

    @Test
    void aScenarioWithoutASourceStopsTheCommandBeforeAnythingIsProcessed() throws IOException {
        Path file = tmp.resolve("spx-down-ten.yaml");
        Files.writeString(file, SCENARIO.replace(", source: \"hypothetical: the user's move\"", ""));
        Path out = tmp.resolve("out");

        CliRun run = CliRun.of("stress", "--out", out.toString(), "--scenarios", file.toString(), SEC, CFTC);

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("spx-down-ten.yaml:9: schema:").contains("source")
                .contains("nothing processed");
        assertThat(out).doesNotExist();
    }
}
