package io.concord.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.report.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code concord stress --what-if harmonize-all --backtest DIR}: the shipped scenarios and the illustrative series
 * against the figures of the what-if, where every segregation class may be cross-margined, next to the same run with
 * the configured eligibility.
 */
class StressWhatIfTest {

    static final String[] INPUTS = {"fixtures/sec", "fixtures/cftc"};
    static final String SERIES = "examples/backtest/illustrative-2026-q4";

    @TempDir
    static Path tmp;
    static CliRun whatIf;
    static CliRun configured;

    @BeforeAll
    static void run() {
        whatIf = stress("what-if", "--what-if", "harmonize-all");
        configured = stress("configured");
    }

    static CliRun stress(String name, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("stress", "--out",
                tmp.resolve(name).toString(), "--backtest", SERIES));
        args.addAll(java.util.List.of(extra));
        args.addAll(java.util.List.of(INPUTS));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    static JsonNode read(String run, String file) throws Exception {
        return Json.MAPPER.readTree(tmp.resolve(run).resolve(file).toFile());
    }

    @Test
    void everyScenarioIsSetAgainstTheWhatIfsHarmonizedFigures() throws Exception {
        JsonNode stress = read("what-if", "margin/stress.json");
        JsonNode margin = read("what-if", "margin/margin.json");
        assertThat(stress.get("whatIf").asText()).isEqualTo("harmonize-all");
        // each account's harmonized figure under stress is its harmonized margin of the what-if run
        Map<String, JsonNode> byAccount = new HashMap<>();
        margin.get("accounts").forEach(a -> byAccount.put(key(a), a));
        assertThat(stress.get("accounts")).isNotEmpty().allSatisfy(a -> assertThat(a.get("harmonized").decimalValue())
                .isEqualByComparingTo(byAccount.get(key(a)).at("/harmonized/total").decimalValue()));
        // more accounts join portfolios than under the configured eligibility (only XM accounts)
        int portfolios = stress.at("/market/portfolios").asInt();
        assertThat(portfolios).isGreaterThan(read("configured", "margin/stress.json").at("/market/portfolios").asInt());
        // every scenario of the library, each regime's counts reconcile with the accounts and the portfolios
        assertThat(stress.at("/market/scenarios")).hasSize(stress.get("scenarios").size()).allSatisfy(s -> {
            s.get("accounts").forEach(r -> assertThat(r.get("covered").asInt() + r.get("underMargined").asInt())
                    .isEqualTo(stress.at("/market/accounts").asInt()));
            s.get("portfolios").forEach(r -> assertThat(r.get("covered").asInt() + r.get("underMargined").asInt())
                    .isEqualTo(portfolios));
        });
        assertThat(whatIf.out()).contains("stress: worst of " + stress.get("scenarios").size() + " scenarios");
    }

    @Test
    void theBacktestCountsTheWhatIfsPortfoliosToo() throws Exception {
        JsonNode b = read("what-if", "margin/backtest.json");
        JsonNode configuredBacktest = read("configured", "margin/backtest.json");
        assertThat(b.get("whatIf").asText()).isEqualTo("harmonize-all");
        assertThat(b.at("/series/days").asInt()).isEqualTo(27);
        // the same book and series: the same account-days observed and the same siloed breaches
        assertThat(b.at("/market/accountRegimes/SILOED")).isEqualTo(configuredBacktest.at(
                "/market/accountRegimes/SILOED"));
        assertThat(b.at("/market/portfolios").asInt()).isGreaterThan(configuredBacktest.at("/market/portfolios")
                .asInt());
        JsonNode h = b.at("/market/portfolioRegimes/HARMONIZED");
        assertThat(h.get("observations").asLong()).isPositive();
        assertThat(h.get("coverage").decimalValue().doubleValue()).isEqualTo(
                (h.get("observations").asDouble() - h.get("breaches").asDouble()) / h.get("observations").asDouble(),
                org.assertj.core.api.Assertions.within(0.00005));
        assertThat(whatIf.out()).contains("backtest over 27 days 2026-10-15 to 2026-11-20")
                .containsPattern("portfolios +HARMONIZED +" + h.get("observations").asLong() + " +"
                        + h.get("breaches").asLong() + " ");
        // the firm workbook's Backtest sheet carries the firm's level
        JsonNode firm = b.at("/firms/0");
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(tmp.resolve("what-if").resolve("reports")
                .resolve(firm.get("firm").asText()).resolve("margin-report.xlsx").toFile())) {
            var row = wb.getSheet("Backtest").getRow(1);
            assertThat(row.getCell(1).getStringCellValue()).isEqualTo("SILOED");
            assertThat(row.getCell(3).getNumericCellValue()).isEqualTo(
                    firm.at("/accountRegimes/SILOED/observations").asDouble());
            assertThat(row.getCell(4).getNumericCellValue()).isEqualTo(
                    firm.at("/accountRegimes/SILOED/breaches").asDouble());
        }
    }

    private static String key(JsonNode a) {
        return a.get("firm").asText() + "|" + a.get("account").asText() + "|" + a.get("segregationClass").asText();
    }
}
