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
    void byPortfolioComputesEveryPortfolioOfTheFilesAsOneRunWould() throws IOException {
        assertThat(run("simm", "--crif", "fixtures/crif", "--by-portfolio", "--mappings", "mappings")).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
        assertThat(lines[0]).startsWith("FirmLEI,PortfolioID,Status,Rows,RejectedRows,ExcludedRows,TotalUSD");
        assertThat(lines).hasSize(3);
        out.reset();
        // each line's total is the one `concord simm --portfolio ID` prints
        for (String line : new String[] {lines[1], lines[2]}) {
            String[] c = line.split(",");
            assertThat(c[2]).isEqualTo("computed");
            assertThat(run("simm", "--crif", "fixtures/crif", "--portfolio", c[1], "--mappings", "mappings")).isZero();
            JsonNode one = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
            out.reset();
            assertThat(Double.parseDouble(c[6])).isEqualTo(one.get("total").asDouble());
            assertThat(c[13]).isEqualTo(one.get("regulations").get("collect").get("worst").asText());
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("2 portfolio(s): 2 computed, 0 not computed; 41 CRIF row(s) read = 41 accepted + 0 rejected");
    }

    @Test
    void byPortfolioReportsABadPortfolioAndComputesTheRest(@TempDir Path dir) throws IOException {
        // files without a PortfolioID column: each file is one portfolio, named by the file
        Files.writeString(dir.resolve("ns-1.csv"), """
                ProductClass,RiskType,Qualifier,Bucket,Label1,Label2,Amount,AmountCurrency,AmountUSD
                Equity,Risk_Equity,ISIN:A,1,,,6000000,USD,6000000
                """);
        Files.writeString(dir.resolve("ns-2.csv"), """
                ProductClass,RiskType,Qualifier,Bucket,Label1,Label2,Amount,AmountCurrency,AmountUSD
                RatesFX,Risk_IRCurve,USD,1,2w,OIS,4000000,USD,4000000
                RatesFX,Risk_IRCurve,USD,1,7 years,OIS,1000,USD,1000
                """);
        Files.writeString(dir.resolve("ns-3.tsv"), "ProductClass\tRiskType\tQualifier\tBucket\tLabel1\tLabel2\t"
                + "Amount\tAmountCurrency\tDesk\nRatesFX\tRisk_IRCurve\tUSD\t1\t2w\tOIS\t4000000\tUSD\tNY\n");
        Files.writeString(dir.resolve("notes.md"), "not a CRIF file");
        assertThat(run("simm", "--crif", dir.toString(), "--by-portfolio", "--format", "json", "--horizon", "1d",
                "--mappings", "mappings")).isEqualTo(1);
        JsonNode j = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(j.get("horizon").asText()).isEqualTo("1d");
        JsonNode p = j.get("portfolios");
        assertThat(p).hasSize(3);
        // ISDA SIMM v2.5 unit tests C165 (equity bucket 1, 6,000,000: 1-day 55,800,000) and C1 (IR USD 2w OIS
        // 4,000,000: 1-day 76,000,000)
        assertThat(p.get(0).get("portfolio").asText()).isEqualTo("ns-1.csv");
        assertThat(p.get(0).get("result").get("total").asDouble()).isCloseTo(55_800_000, within(0.5));
        assertThat(p.get(1).get("status").asText()).isEqualTo("rejected");
        assertThat(p.get(1).get("rejected").asInt()).isEqualTo(1);
        assertThat(p.get(1).get("errors").get(0).asText()).contains("ns-2.csv line 3", "Label1");
        assertThat(p.get(2).get("result").get("total").asDouble()).isCloseTo(76_000_000, within(0.5));
        assertThat(j.get("rowsRead").asInt()).isEqualTo(4);
        assertThat(j.get("rowsAccepted").asInt() + j.get("rowsRejected").asInt()).isEqualTo(4);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains("ns-2.csv line 3: INVALID_VALUE (Label1)")
                .contains("warning: ns-3.tsv line 1 (header): column 'Desk'")
                .contains("3 portfolio(s): 2 computed, 1 not computed; 4 CRIF row(s) read = 3 accepted + 1 rejected");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("simm", "--crif", "fixtures/crif/crif-hudson-2026-11-20.csv", "--horizon", "5d")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--horizon must be 10d or 1d");
        assertThat(run("simm", "--crif", "fixtures/crif/crif-hudson-2026-11-20.csv", "--simm-version", "9.9",
                "--mappings", "mappings")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no calibration for SIMM 9.9");
        assertThat(run("simm", "--crif", "fixtures/crif", "--by-portfolio", "--format", "text")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("csv or json with --by-portfolio");
        assertThat(run("simm", "--crif", "no/such/folder")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such file or folder: no/such/folder");
    }
}
