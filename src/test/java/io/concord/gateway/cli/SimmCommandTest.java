package io.concord.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.report.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimmCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private int run(String... args) {
        return ConcordCli.run(args);
    }

    @Test
    void jsonHasTotalBreakdownExplainAndRegulations() throws IOException {
        assertThat(run("simm", "--crif", "fixtures/crif/crif-hudson-2026-11-20.csv", "--mappings", "mappings"))
                .isZero();
        JsonNode j = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(j.get("version").asText()).isEqualTo("2.5");
        assertThat(j.get("horizon").asText()).isEqualTo("10d");
        double total = j.get("total").asDouble();
        JsonNode p = j;
        double sum = 0;
        for (JsonNode pc : p.get("productClasses")) {
            sum += pc.get("margin").asDouble();
        }
        assertThat(total).isCloseTo(sum + p.get("addOn").get("total").asDouble(), within(1e-3));
        JsonNode ir = p.get("productClasses").get("RatesFX").get("riskClasses").get("InterestRate");
        assertThat(ir.get("margin").asDouble()).isCloseTo(ir.get("delta").asDouble() + ir.get("vega").asDouble()
                + ir.get("curvature").asDouble() + ir.get("baseCorr").asDouble(), within(1e-6));
        assertThat(p.get("productClasses").get("Credit").get("riskClasses").get("CreditQualifying").get("baseCorr")
                .asDouble()).isPositive();
        assertThat(p.get("addOn").get("fixedAmount").asDouble()).isEqualTo(250000.0);
        // explain: product class -> risk class -> measure -> bucket -> sensitivity
        JsonNode usd = find(find(find(find(p.get("explain"), "RatesFX"), "InterestRate"), "delta"), "USD");
        assertThat(usd.get("children")).isNotEmpty();
        assertThat(usd.get("children").get(0).get("detail").get("riskWeight").asDouble()).isPositive();
        assertThat(j.get("regulations").get("collect").get("worst").asText()).isEqualTo("CFTC");
        assertThat(j.get("regulations").get("collect").get("byRegulation").has("SEC")).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("E+", "E7", "E8");
    }

    private static JsonNode find(JsonNode nodes, String name) {
        JsonNode list = nodes.isArray() ? nodes : nodes.get("children");
        for (JsonNode n : list) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no node " + name + " in " + list);
    }

    @Test
    void textAndOneDayHorizon(@TempDir Path dir) throws IOException {
        Path crif = dir.resolve("one.csv");
        // issue #6 known answer: IR USD 2w OIS 4,000,000 -> 76,000,000 at 1-day
        Files.writeString(crif, """
                ProductClass,RiskType,Qualifier,Bucket,Label1,Label2,Amount,AmountCurrency,AmountUSD
                RatesFX,Risk_IRCurve,USD,1,2w,OIS,4000000,USD,4000000
                """);
        assertThat(run("simm", "--crif", crif.toString(), "--horizon", "1d", "--format", "text",
                "--mappings", "mappings")).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("SIMM 2.5, 1d, USD: total 76,000,000").contains("InterestRate");
    }

    @Test
    void rejectedRowsStopTheComputationWithTheirLines() {
        assertThat(run("simm", "--crif", "fixtures/bad/crif-bad-rows.csv", "--mappings", "mappings")).isEqualTo(1);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains("crif-bad-rows.csv line 3: INVALID_VALUE (RiskType)")
                .contains("rejected; no SIMM computed");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void severalPortfoliosNeedOneChosen(@TempDir Path dir) throws IOException {
        Path crif = dir.resolve("two.csv");
        Files.writeString(crif, """
                PortfolioID,ProductClass,RiskType,Qualifier,Bucket,Label1,Label2,Amount,AmountCurrency,AmountUSD
                NS-1,Equity,Risk_Equity,ISIN:A,1,,,6000000,USD,6000000
                NS-2,Equity,Risk_Equity,ISIN:B,1,,,1000000,USD,1000000
                """);
        assertThat(run("simm", "--crif", crif.toString(), "--mappings", "mappings")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("2 portfolios [NS-1, NS-2]", "--portfolio");
        // issue #6 known answer: equity bucket 1, 6,000,000 -> 156,000,000
        assertThat(run("simm", "--crif", crif.toString(), "--portfolio", "NS-1", "--format", "text",
                "--mappings", "mappings")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("total 156,000,000");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("simm", "--crif", "fixtures/crif/crif-hudson-2026-11-20.csv", "--horizon", "5d")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--horizon must be 10d or 1d");
        assertThat(run("simm", "--crif", "fixtures/crif/crif-hudson-2026-11-20.csv", "--simm-version", "9.9",
                "--mappings", "mappings")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no calibration for SIMM 9.9");
    }
}
