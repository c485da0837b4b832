package io.concord.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.feed.RecordFailure;
import io.concord.margin.Explain;
import io.concord.margin.simm.Horizon;
import io.concord.margin.simm.SimmEngine;
import io.concord.margin.simm.SimmResult;
import io.concord.model.Sensitivity;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The margin stage margins CRIF accounts with the same SIMM engine {@code concord simm} runs. */
class ProcessSimmMarginTest {

    private static final Path HUDSON_CRIF = Path.of("fixtures/crif/crif-hudson-2026-11-20.csv");
    private static final Path MERIDIAN_CRIF = Path.of("fixtures/crif/crif-meridian-2026-11-20.tsv");

    @TempDir
    Path out;

    @Test
    void crifAccountsAreMarginedBySimmWithTheTotalConcordSimmReports() throws Exception {
        // the CRIF rows carry no business date: positions of 2026-11-20 give the run its date
        ProcessCommand.run(out, null, Path.of("mappings"), List.of(Path.of("fixtures/crif"),
                Path.of("fixtures/sec/positions-hudson-2026-11-20.csv")));
        JsonNode margin = Json.MAPPER.readTree(Files.readAllBytes(out.resolve("margin/margin.json")));

        for (var c : List.of(new Object[]{HUDSON_CRIF, "549300HUDSONCLR0RG39", "NS-HUD-GSI-01"},
                new Object[]{MERIDIAN_CRIF, "5493007MERIDIANFUT65", "NS-MER-JPM-07"})) {
            SimmResult expected = simm((Path) c[0], (String) c[2]);
            // both fixtures name regulations: the requirement is the worst regulation over collect and post
            assertThat(expected.regulations()).isNotNull();
            double worst = Math.max(expected.regulations().collect().worstTotal(),
                    expected.regulations().post().worstTotal());

            JsonNode account = account(margin, (String) c[1], (String) c[2]);
            assertThat(account.get("segregationClass").asText()).isEqualTo("UNCLEARED_IM_SEG");
            assertThat(account.get("silos")).singleElement().satisfies(s -> {
                assertThat(s.get("silo").asText()).isEqualTo("SIMM");
                assertThat(s.get("requirement").decimalValue()).isEqualByComparingTo(Explain.usd(worst));
                JsonNode asGiven = s.get("explain").get("children").get(0);
                assertThat(asGiven.get("label").asText()).isEqualTo("SIMM of the rows as given");
                assertThat(asGiven.get("amount").decimalValue()).isEqualByComparingTo(Explain.usd(expected.total()));
                // product class → risk class → measure → bucket, as SimmResult's explain
                List<String> productClasses = new ArrayList<>();
                asGiven.get("children").forEach(n -> productClasses.add(n.get("label").asText()));
                assertThat(productClasses).containsExactlyElementsOf(
                        expected.portfolio().explain().stream().map(SimmResult.Node::name).toList());
            });
            assertThat(account.get("siloedTotal").decimalValue()).isEqualByComparingTo(Explain.usd(worst));
        }
    }

    @Test
    void aRunOfCrifAloneIsMarginedBySimmWithoutABusinessDate() throws Exception {
        // `concord simm --crif fixtures/crif/crif-hudson-2026-11-20.csv --portfolio NS-HUD-GSI-01` prints
        // collect: worst CFTC 69,258,907; post: worst CFTC 68,793,670. A regression figure of the engine on this
        // fixture, derived from the calibration (mappings/simm/simm-2.5.yaml): recomputed when the v2.5 vega rules
        // were put right (equity, commodity and FX vega and curvature scaled by the risk factor's volatility; no
        // HVR on IR vega), the engine then matching all of ISDA's v2.5 unit tests (was 66,979,150), and when the
        // fixture's Notional row, which names no regulation, came to count under every regulation: its notional
        // add-on (1.5 % of 10,400,000 = 156,000) is in each regulation's total.
        ProcessCommand.run(out, null, Path.of("mappings"), List.of(Path.of("fixtures/crif")));
        JsonNode margin = Json.MAPPER.readTree(Files.readAllBytes(out.resolve("margin/margin.json")));
        assertThat(margin.has("asOf")).isFalse(); // CRIF rows carry no business date
        assertThat(margin.get("accounts")).hasSize(2);
        JsonNode simm = account(margin, "549300HUDSONCLR0RG39", "NS-HUD-GSI-01").get("silos").get(0);
        assertThat(simm.get("requirement").decimalValue().setScale(0, java.math.RoundingMode.HALF_UP))
                .isEqualByComparingTo(new BigDecimal("69258907"));
        assertThat(simm.get("explain").get("basis").asText()).endsWith("worst regulation: collect CFTC");
    }

    private static SimmResult simm(Path crif, String portfolio) throws Exception {
        List<Sensitivity> rows = new ArrayList<>();
        List<RecordFailure> bad = new ArrayList<>();
        SimmCommand.read(crif, rows, bad);
        assertThat(bad).isEmpty();
        rows.removeIf(s -> !portfolio.equals(s.account()));
        return SimmEngine.load(Path.of("mappings/simm/simm-" + ProcessCommand.SIMM_VERSION + ".yaml"),
                Horizon.TEN_DAY).compute(rows);
    }

    private static JsonNode account(JsonNode margin, String firm, String account) {
        for (JsonNode a : margin.get("accounts")) {
            if (a.get("firm").asText().equals(firm) && a.get("account").asText().equals(account)) {
                return a;
            }
        }
        throw new AssertionError("no account " + firm + "/" + account + " in margin.json");
    }
}
