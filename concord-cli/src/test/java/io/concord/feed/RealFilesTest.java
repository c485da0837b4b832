package io.concord.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.concord.gateway.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public file of {@code fixtures/real/} (see its SOURCES.md) through {@code concord process}: each is
 * accepted whole where valid and refused with a precise reason where not, counts reconcile, and no accepted
 * record is left unmapped.
 */
class RealFilesTest {

    private static final Path REAL = Path.of("fixtures/real");
    private static final Map<String, JsonNode> ACKS = new HashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path out;

    @BeforeAll
    static void processAll() throws IOException {
        CliRun r = CliRun.of("process", "--out", out.toString(), REAL.toString());
        // some records are rejected (the SEC's sample filings carry placeholder LEIs), so process exits 3
        assertThat(r.code()).as(r.err()).isEqualTo(io.concord.gateway.cli.ProcessCommand.EXIT_REJECTED);
        try (Stream<Path> s = Files.list(out.resolve("acks"))) {
            for (Path ack : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode a = JSON.readTree(ack.toFile());
                ACKS.put(a.get("file").asText(), a);
            }
        }
    }

    @Test
    void everyFileIsAcknowledgedAndItsCountsReconcile() throws IOException {
        try (Stream<Path> s = Files.list(REAL)) {
            List<String> files = s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("SOURCES"))
                    .toList();
            assertThat(files).hasSizeGreaterThanOrEqualTo(11);
            assertThat(ACKS.keySet()).containsExactlyInAnyOrderElementsOf(files);
        }
        ACKS.forEach((file, a) -> assertThat(a.get("received").asLong()).as(file)
                .isEqualTo(a.get("accepted").asLong() + a.get("rejected").asLong()));
    }

    @Test
    void realFundFilingsAreAcceptedWhole() {
        // the bond fund's 1,685 invstOrSec, futures and FX forwards included; the municipal fund's 55
        assertAck("nport-goldman-sachs-bond-fund-2023-03-31.xml", "ACCEPTED", 1685, 1685);
        assertAck("nport-dupree-kentucky-tax-free-2022-12-31.xml", "ACCEPTED", 55, 55);
        // the equity ETF's 40 DAX stocks (issuers classed OTHER) and its Mini-DAX future
        assertAck("nport-global-x-dax-germany-etf-2024-01-31.xml", "ACCEPTED", 41, 41);
    }

    @Test
    void anEquityEtfsStocksAreAssetsAndItsMiniDaxFutureIsMarginedBySpan() throws IOException {
        JsonNode etf = null;
        for (JsonNode a : JSON.readTree(out.resolve("margin/margin.json").toFile()).get("accounts")) {
            if (a.get("account").asText().equals("S000063351")) {
                etf = a;
            }
        }
        assertThat(etf).isNotNull();
        assertThat(etf.get("firm").asText()).isEqualTo("5493002JRXZHUG2RI979");
        List<String> silos = new java.util.ArrayList<>();
        etf.get("unmargined").forEach(u -> silos.add(u.get("silo").asText()));
        assertThat(silos).hasSize(40).containsOnly("FUND_ASSET");
        // 4 Mini-DAX contracts long: 4 x the EUREX:FDXM price scan range of span.yaml (USD 10,400, illustrative)
        assertThat(etf.get("silos")).singleElement().satisfies(s -> {
            assertThat(s.get("silo").asText()).isEqualTo("CFTC_SPAN");
            assertThat(s.get("requirement").decimalValue()).isEqualByComparingTo("41600");
        });
    }

    @Test
    void placeholderIdentitiesAndNonPositionMessagesAreRefusedForTheirReason() {
        assertAck("nport-edgar-sample-1.xml", "REJECTED", 1, 0);
        assertThat(reasons("nport-edgar-sample-1.xml")).containsOnly("INVALID_LEI");
        assertThat(reasons("nport-edgar-sample-3-all-derivatives.xml")).containsOnly("INVALID_LEI");
        // the FIX specification's batch: read without Actn, refused only for the clearing firm 99999
        assertAck("fixml-spec-posrpt-batch.xml", "REJECTED", 3, 0);
        assertThat(reasons("fixml-spec-posrpt-batch.xml")).containsOnly("INVALID_LEI");
        assertThat(messages("fixml-spec-posrpt-batch.xml")).allMatch(m -> m.contains("'99999'"));
        assertThat(reasons("fixml-spec-order-single.xml")).containsOnly("UNKNOWN_FEED");
        assertThat(messages("fixml-spec-order-single.xml")).singleElement().asString()
                .contains("FIXML holding Order");
        assertThat(reasons("crif-simm-calculator-example.csv")).containsOnly("MISSING_COLUMN");
    }

    @Test
    void isdaDrrProjectionsAreRefusedForWhatTheyLack() {
        // auth.030.001.04 valuation update: read, and refused as no position (Concord books trade state)
        assertAck("iso20022-drr-asic-valuation-update-ex01.xml", "REJECTED", 1, 0);
        assertThat(reasons("iso20022-drr-asic-valuation-update-ex01.xml")).containsOnly("NOT_A_POSITION");
        assertThat(messages("iso20022-drr-asic-valuation-update-ex01.xml")).singleElement().asString()
                .contains("ValtnUpd", "DTD380513903T7YHJ898VALUATIONEX001UNIQUETRANSACTION1");
        // auth.108.001.02 without the RptHdr the schema requires: its one report is refused, and the missing
        // header is not counted as a second record
        assertAck("iso20022-drr-mas-margin-collateral-ex01.xml", "REJECTED", 1, 0);
        assertThat(reasons("iso20022-drr-mas-margin-collateral-ex01.xml")).containsOnly("SCHEMA_INVALID");
        assertThat(messages("iso20022-drr-mas-margin-collateral-ex01.xml")).singleElement().asString()
                .contains("report header is not valid", "RptHdr", "CollstnCtgy (line 40)");
        // EMIR Refit's auth.030.001.03: the version found and the versions read are named
        assertThat(reasons("iso20022-drr-emir-withdrawal-error-ex01.xml")).containsOnly("UNKNOWN_FEED");
        assertThat(messages("iso20022-drr-emir-withdrawal-error-ex01.xml")).singleElement().asString()
                .contains("auth.030.001.03", "auth.030.001.04", "auth.108.001.02");
    }

    @Test
    void noAcceptedRecordIsUnmapped() throws IOException {
        CliRun r = CliRun.of("mappings", "coverage", REAL.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("sec-nport").doesNotContain("UNMAPPED_PRODUCT");
        assertThat(r.out().lines().filter(l -> l.startsWith("sec-nport")).findFirst().orElseThrow())
                .matches("sec-nport\\s+1783\\s+1781\\s+0\\s+0\\s+2\\s+0");
        // every derivative of the real files has a silo: nothing mapped is left out of the figures unsaid
        assertThat(r.out().lines().filter(l -> l.contains("NOT MARGINED")).toList()).isEmpty();
    }

    @Test
    void aFundsSecuritiesAreItsAssetsAndItsDerivativesAreMarginedByTheirSilos(@TempDir Path alone)
            throws IOException {
        // the bond fund: 1,685 holdings, 774 of them derivatives (derivativeInfo), 911 securities; margined on its
        // own, since a run margins the latest report date of its files and lists the earlier ones
        CliRun r = CliRun.of("process", "--out", alone.toString(),
                REAL.resolve("nport-goldman-sachs-bond-fund-2023-03-31.xml").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode fund = null;
        for (JsonNode a : JSON.readTree(alone.resolve("margin/margin.json").toFile()).get("accounts")) {
            if (a.get("account").asText().equals("S000013795")) {
                fund = a;
            }
        }
        assertThat(fund).isNotNull();
        assertThat(fund.get("segregationClass").asText()).isEqualTo("SEC_40_ACT_CUSTODY");
        List<JsonNode> unmargined = new java.util.ArrayList<>();
        fund.get("unmargined").forEach(unmargined::add);
        List<JsonNode> assets = unmargined.stream().filter(u -> u.get("silo").asText().equals("FUND_ASSET")).toList();
        // every security, and nothing else, is an asset the fund owns: bonds, ABS/MBS, fund shares
        assertThat(assets).hasSize(911);
        assertThat(assets).allSatisfy(u -> assertThat(u.get("taxonomy").asText())
                .doesNotContain("FUTURE", "FORWARD", "SWAP", "OPTION"));
        assertThat(assets).allSatisfy(u -> assertThat(u.get("reason").asText())
                .contains("asset the fund owns", "not a position to margin"));
        // its futures are margined by SPAN (the Euro-Bobl too: Bloomberg OEM3, titled EURO-BOBL FUTURE JUN23, in
        // EUR, though the filer's index name says "CME 1 Year Mid-Curve 3 Month Eurodollar Option"), its forwards
        // and swaps by the schedule
        java.util.Map<String, Double> silos = new java.util.HashMap<>();
        fund.get("silos").forEach(s -> silos.put(s.get("silo").asText(), s.get("requirement").asDouble()));
        assertThat(silos).containsOnlyKeys("CFTC_SPAN", "SCHEDULE");
        assertThat(silos.values()).allMatch(v -> v > 0);
        // a derivative left out of the figures says why, never silently
        assertThat(unmargined).filteredOn(u -> !u.get("silo").asText().equals("FUND_ASSET"))
                .allSatisfy(u -> assertThat(u.get("reason").asText()).isNotBlank());
    }

    @Test
    void theOtherEnginesCrifIsReadWholeBySimm() {
        CliRun r = CliRun.of("simm", "--crif", REAL.resolve("crif-simm-calculator-example.csv").toString(),
                "--format", "text");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("(38 sensitivities)");
    }

    private static void assertAck(String file, String status, long received, long accepted) {
        JsonNode a = ACKS.get(file);
        assertThat(a).as(file).isNotNull();
        assertThat(a.get("status").asText()).as(file).isEqualTo(status);
        assertThat(a.get("received").asLong()).as(file).isEqualTo(received);
        assertThat(a.get("accepted").asLong()).as(file).isEqualTo(accepted);
    }

    private static List<String> reasons(String file) {
        return ACKS.get(file).get("rejections").findValuesAsText("reason");
    }

    private static List<String> messages(String file) {
        return ACKS.get(file).get("rejections").findValuesAsText("message");
    }
}
