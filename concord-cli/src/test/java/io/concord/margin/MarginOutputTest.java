package io.concord.margin;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.gateway.cli.ConcordCli;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code concord demo} on the shipped fixtures writes margin/margin.json with an explain tree for every number. */
class MarginOutputTest {

    @TempDir
    Path out;

    @Test
    void demoWritesMarginJsonForTheFixtures() throws Exception {
        assertThat(ConcordCli.run("demo", "--out", out.toString(), "--fixtures", "fixtures", "--mappings", "mappings"))
                .isZero();
        JsonNode m = Json.MAPPER.readTree(out.resolve("margin/margin.json").toFile());
        assertThat(m.get("asOf").asText()).isEqualTo("2026-11-20");
        assertThat(m.get("mappingsVersion").asText()).startsWith("sha256:");
        List<String> keys = new ArrayList<>();
        for (JsonNode a : m.get("accounts")) {
            keys.add(a.get("firm").asText() + " " + a.get("account").asText() + " " + a.get("segregationClass").asText());
            double total = 0;
            for (JsonNode s : a.get("silos")) {
                assertThat(s.get("requirement").isNumber()).isTrue();
                assertThat(s.get("explain").get("amount").decimalValue()).isEqualByComparingTo(s.get("requirement")
                        .decimalValue());
                assertThat(s.get("explain").get("children")).isNotEmpty();
                total += s.get("requirement").doubleValue();
            }
            assertThat(a.get("siloedTotal").doubleValue()).isEqualTo(total, org.assertj.core.data.Offset.offset(0.005));
            assertThat(a.get("excessDeficit").doubleValue()).isEqualTo(a.get("collateral").get("postHaircut")
                    .doubleValue() - total, org.assertj.core.data.Offset.offset(0.005));
        }
        assertThat(keys).contains("549300HUDSONCLR0RG39 CUST-1001 CFTC_4D_FUT", "549300HUDSONCLR0RG39 XM-2001 XM",
                "549300LARKSPURSEC059 C-10022 SEC_15C3_3_CUST");
        JsonNode m4412 = account(m, "M-4412");
        // long 3 ES Dec-26 (fixml-bad-records.xml, the good record): 3 x $22,500 price scan range
        assertThat(m4412.get("siloedTotal").decimalValue()).isEqualByComparingTo("67500.00");
        JsonNode house = account(m, "HOUSE-01");
        // long 300 ZN v short 120 ZB: a 5:2 NOB spread gets the 60 % inter-commodity credit on both legs
        JsonNode zn = null;
        for (JsonNode c : house.get("silos").get(0).get("explain").get("children")) {
            zn = c.get("label").asText().equals("combined commodity CBT:ZN") ? c : zn;
        }
        assertThat(zn).as("combined commodity CBT:ZN").isNotNull();
        assertThat(zn.get("amount").decimalValue()).isEqualByComparingTo("264000.00");
        assertThat(account(m, "XM-2001").get("silos")).extracting(s -> s.get("silo").asText())
                .containsExactly("SEC_PM", "CFTC_SPAN");
        assertThat(m.get("earlierDates")).extracting(d -> d.get("asOf").asText()).contains("2026-11-19");
    }

    private static JsonNode account(JsonNode m, String account) {
        for (JsonNode a : m.get("accounts")) {
            if (a.get("account").asText().equals(account)) {
                return a;
            }
        }
        throw new AssertionError("no account " + account);
    }
}
