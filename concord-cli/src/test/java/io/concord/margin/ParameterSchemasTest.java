package io.concord.margin;

import io.concord.mapping.MappingFiles;
import io.concord.mapping.MappingFiles.Kind;
import io.concord.mapping.MappingProblem;
import io.concord.margin.engine.RiskParameters;
import io.concord.margin.simm.Horizon;
import io.concord.margin.simm.SimmEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The rulebook parameter files ({@code mappings/risk/*.yaml}, {@code mappings/simm/simm-2.5.yaml}) and the daily
 * market data ({@code mappings/market-data/<YYYY-MM-DD>.yaml}, the backtest example's days) against their
 * JSON Schemas ({@code mappings/schema/risk-<name>.schema.json}, {@code simm-calibration.schema.json}): every
 * shipped file satisfies its schema, and realistic mistakes made to a copy of the real file are refused with the
 * file, the line and the JSON path.
 */
class ParameterSchemasTest {

    private static final String SIMM = "mappings/simm/simm-2.5.yaml";

    @TempDir
    Path dir;

    static Stream<Arguments> shipped() throws IOException {
        Stream<Arguments> risk = Stream.of("accounts", "collateral", "customers", "event", "harmonized",
                "reg-t", "schedule", "sec-pm", "span").map(n -> arguments(
                "mappings/risk/" + n + ".yaml", MappingFiles.Kind.ofRiskFile(n + ".yaml").orElseThrow()));
        List<Arguments> daily = new java.util.ArrayList<>();
        for (String folder : List.of("mappings/market-data", "examples/backtest/illustrative-2026-q4")) {
            try (Stream<Path> s = Files.list(Path.of(folder))) {
                List<Arguments> files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted()
                        .map(p -> arguments(p.toString(), Kind.RISK_MARKET_DATA)).toList();
                assertThat(files).as(folder).isNotEmpty();
                daily.addAll(files);
            }
        }
        return Stream.of(risk, Stream.of(arguments(SIMM, Kind.SIMM_CALIBRATION)), daily.stream())
                .flatMap(x -> x);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void everyShippedFileSatisfiesItsSchema(String file, Kind kind) throws IOException {
        assertThat(MappingFiles.check(Files.readAllBytes(Path.of(file)), file, kind)).isEmpty();
    }

    /** House style: every property of a parameter schema says what it is and where its value comes from. */
    @Test
    void everyPropertyIsDescribed() throws IOException {
        List<String> undescribed = new java.util.ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("mappings/schema"))) {
            for (Path f : s.filter(p -> p.getFileName().toString().matches("(risk-.*|simm-calibration)\\.schema\\.json"))
                    .sorted().toList()) {
                undescribed(new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile()),
                        f.getFileName().toString(), undescribed);
            }
        }
        assertThat(undescribed).isEmpty();
    }

    private static void undescribed(com.fasterxml.jackson.databind.JsonNode n, String at, List<String> out) {
        if (n.isObject()) {
            com.fasterxml.jackson.databind.JsonNode props = n.get("properties");
            if (props != null && props.isObject()) {
                props.fields().forEachRemaining(e -> {
                    // a bare range narrowing a $ref'd parameter ({"value": {"maximum": 5}}) is described there
                    boolean narrowing = e.getValue().size() > 0 && java.util.stream.StreamSupport.stream(
                            java.util.Spliterators.spliteratorUnknownSize(e.getValue().fieldNames(), 0), false)
                            .allMatch(k -> k.startsWith("minimum") || k.startsWith("maximum")
                                    || k.startsWith("exclusive"));
                    if (!e.getValue().has("description") && !narrowing && !at.contains("/if")) {
                        out.add(at + "/" + e.getKey());
                    }
                });
            }
            n.fields().forEachRemaining(e -> undescribed(e.getValue(), at + "/" + e.getKey(), out));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                undescribed(n.get(i), at + "[" + i + "]", out);
            }
        }
    }

    @Test
    void everyRiskFileHasAKind() {
        for (String n : List.of("accounts", "collateral", "customers", "event", "harmonized", "reg-t",
                "schedule", "sec-pm", "span")) {
            assertThat(MappingFiles.Kind.ofRiskFile(n + ".yaml")).as(n).isPresent();
        }
        assertThat(MappingFiles.Kind.ofRiskFile("taxonomy.yaml")).isEmpty();
    }

    /**
     * One mistake: {@code from} (which must occur in the real file) replaced by {@code to} at its first occurrence;
     * a problem must name the line where {@code anchor} is after the edit (the last line of a multi-line anchor) and
     * start with {@code $.path: message} after {@code schema: }. A problem of an object (a required or an unknown
     * key) names the line the object starts on, i.e. its first key.
     */
    static Stream<Arguments> mistakes() {
        return Stream.of(
                // accounts.yaml
                risk("accounts", "    approvedOn: \"2025-09-15\"\n", "", "  - firm: 549300LARKSPURSEC059",
                        "$.portfolioMargin[1]: required property 'approvedOn' not found"),
                risk("accounts", "firm: 549300LARKSPURSEC059", "firm: LARKSPUR-SEC", "firm: LARKSPUR-SEC",
                        "$.portfolioMargin[1].firm: does not match the regex pattern"),
                risk("accounts", "approvedOn: \"2025-09-15\"", "approvedOn: \"15/09/2025\"", "15/09/2025",
                        "$.portfolioMargin[1].approvedOn: does not match the regex pattern"),
                risk("accounts", "    account: C-10022\n", "    acount: C-10022\n", "  - firm: 549300LARKSPURSEC059",
                        "$.portfolioMargin[1]: property 'acount' is not defined in the schema"),
                // customers.yaml
                risk("customers", "accounts: [\"549300WILLOWCREDIT53\", \"CPTY:549300WILLOWCREDIT53\"]",
                        "accounts: \"549300WILLOWCREDIT53\"", "accounts: \"549300WILLOWCREDIT53\"",
                        "$.customers[0].accounts: string found, array expected"),
                risk("customers", "    customer: WILLOW-CREDIT\n", "    custmer: WILLOW-CREDIT\n",
                        "  - firm: 549300NORTHSTARBK030", "$.customers[0]: required property 'customer' not found"),
                risk("customers", "firm: 549300NORTHSTARBK030", "firm: NORTHSTAR", "firm: NORTHSTAR",
                        "$.customers[0].firm: does not match the regex pattern"),
                // event.yaml
                risk("event", "{value: 1.00,", "{value: -1.00,", "payoutPerContract",
                        "$.payoutPerContract.value: must have an exclusive minimum value of 0"),
                risk("event", "{value: 1.00,", "{value: one,", "payoutPerContract",
                        "$.payoutPerContract.value: string found, number expected"),
                risk("event", "payoutPerContract:", "payoutPerContrat:", "source: \"DCM contract terms",
                        "$: property 'payoutPerContrat' is not defined in the schema"),
                // market-data/2026-11-20.yaml
                marketData("asOf: \"2026-11-20\"", "asOf: \"2026-20-11\"", "asOf:",
                        "$.asOf: does not match the regex pattern"),
                marketData("volatility: {value: 0.16,", "volatility: {value: -0.16,",
                        "volatility: {value: -0.16,", "$.riskFactors.EQ:SPX.volatility.value: must have a minimum value of 0"),
                marketData("dividendYield: {value: 0.013,", "divYield: {value: 0.013,", "    price: {value: 6848.50",
                        "$.riskFactors.EQ:SPX: property 'divYield' is not defined in the schema"),
                marketData("  EUR: {value: 1.16,", "  Euro: {value: 1.16,", "  Euro:",
                        "$.fxToUsd: property 'Euro' name is not valid"),
                marketData("    ctdPrice: {value: 99.75,", "    ctdPrice: {value: -99.75,", "{value: -99.75,",
                        "$.treasuryFutures.CBT:ZN.ctdPrice.value: must have an exclusive minimum value of 0"),
                marketData("    conversionFactor: {value: 0.6300, source: \"illustrative CBOT conversion factor of the Dec-26 "
                                + "ZB cheapest-to-deliver bond\"}\n", "", "    ctdPrice: {value: 96.00",
                        "$.treasuryFutures.CBT:ZB: required property 'conversionFactor' not found"),
                marketData("    modifiedDuration: {value: 8.0,", "    modifiedDurations: {value: 8.0,",
                        "modifiedDurations", "$.riskFactors.IR:UST:10Y: property 'modifiedDurations' is not defined"),
                marketData("riskFreeRate: {value: 0.04,", "riskFreeRate: {value: \"4%\",", "riskFreeRate",
                        "$.riskFreeRate.value: string found, number expected"),
                // every rulebook file names its rule text and effective date
                risk("reg-t", "source: \"12 CFR 220 (Regulation T); FINRA Rule 4210; Cboe Margin Manual (strategy-based "
                        + "margin)\"\n", "", "effectiveDate:", "$: required property 'source' not found"),
                risk("span", "effectiveDate: \"2026-11-20\"\n", "", "source: \"CME SPAN methodology (16",
                        "$: required property 'effectiveDate' not found"),
                risk("sec-pm", "effectiveDate: \"2026-11-20\"", "effectiveDate: \"20/11/2026\"", "effectiveDate:",
                        "$.effectiveDate: does not match the regex pattern"),
                risk("accounts", "effectiveDate: \"2026-11-20\"", "effectiveDate: [2026, 11, 20]", "effectiveDate:",
                        "$.effectiveDate: array found, string expected"),
                risk("event", "source: \"DCM contract terms", "source: \" \" # DCM contract terms", "source:",
                        "$.source: does not match the regex pattern"),
                // schedule.yaml
                risk("schedule", "{assetClass: COMMODITY, rate: {value: 0.15,", "{assetClass: COMMODITY, rate: {value: 15,",
                        "{assetClass: COMMODITY", "$.rows[3].rate.value: must have a maximum value of 1"),
                risk("schedule", "{assetClass: FX,", "{assetClass: FOREX,", "{assetClass: FOREX,",
                        "$.rows[5].assetClass: does not have a value in the enumeration"),
                risk("schedule", "{assetClass: CREDIT, fromYears: 0, toYears: 2,",
                        "{assetClass: CREDIT, fromYears: 0, toYrs: 2,", "toYrs",
                        "$.rows[0]: property 'toYrs' is not defined in the schema"),
                risk("schedule", "ngrWeight: {value: 0.6, source: \"BCBS-IOSCO Appendix A: net standardised initial "
                        + "margin = 0.4 x gross + 0.6 x NGR x gross\"}", "ngrWeight: {value: 0.6}", "ngrWeight",
                        "$.ngrWeight: required property 'source' not found"),
                // reg-t.yaml
                risk("reg-t", "maintenance: {value: 0.25,", "maintenance: {value: -0.25,", "maintenance: {value: -0.25,",
                        "$.longStock.maintenance.value: must have a minimum value of 0"),
                risk("reg-t", "  minimumPct:", "  minimumPercent:", "  underlyingPct:",
                        "$.shortOption: property 'minimumPercent' is not defined in the schema"),
                risk("reg-t", "CRYPTO/BTC, CRYPTO/ETH]", "crypto-btc, CRYPTO/ETH]", "stockFamilies",
                        "$.stockFamilies[2]: does not match the regex pattern"),
                risk("reg-t", "{toYears: 1, rate: {value: 0.01,", "{toYears: 1, rate: {value: 1%,", "{toYears: 1,",
                        "$.governmentLadder[0].rate.value: string found, number expected"),
                // sec-pm.yaml
                risk("sec-pm", "{style: AMERICAN, source: \"OCC: options on equity securities",
                        "{style: BERMUDAN, source: \"OCC: options on equity securities", "{style: BERMUDAN,",
                        "$.exerciseStyles.EQUITY/SINGLE_STOCK.style: does not have a value in the enumeration"),
                risk("sec-pm", "down: {value: -0.15,", "down: {value: 0.15,", "down: {value: 0.15,",
                        "$.scanRanges.STANDARD.down.value: must have an exclusive maximum value of 0"),
                risk("sec-pm", "pointsPerSide: {value: 5,", "pointsPerSide: {value: 5.5,", "pointsPerSide",
                        "$.pointsPerSide.value: number found, integer expected"),
                risk("sec-pm", "binomialSteps:", "binomialStep:", "source: \"FINRA Rule 4210(g) (portfolio margin)",
                        "$: property 'binomialStep' is not defined in the schema"),
                // span.yaml
                risk("span", "    - {price: 2, vol: 0, cover: 0.35}\n", "", "    - {price: 0, vol: 1, cover: 1}",
                        "$.scenarios.rows: must have at least 16 items but found 15"),
                risk("span", "  - id: ES-NQ\n", "  - id: ES-NQ\n    rateType: PRICE_RISKY\n", "rateType: PRICE_RISKY",
                        "$.interSpreads[0].rateType: does not have a value in the enumeration"),
                risk("span", "priceScanRange: {value: 22500,", "priceScanRange: {value: -22500,", "{value: -22500,",
                        "$.combinedCommodities.CME:ES.priceScanRange.value: must have an exclusive minimum value of 0"),
                risk("span", "{commodity: \"CME:NQ\", ratio: 2, side: B}", "{commodity: \"CME:NQ\", ratio: 2, side: C}",
                        "side: C", "$.interSpreads[0].legs[1].side: does not have a value in the enumeration"),
                risk("span", "    expiryRule: THIRD_FRIDAY\n", "    expiryRul: THIRD_FRIDAY\n", "\"CME:ES\":\n    priceScanRange",
                        "$.combinedCommodities.CME:ES: property 'expiryRul' is not defined in the schema"),
                // collateral.yaml
                risk("collateral", "COLLATERAL/EQUITY/SHARES: {value: 0.15, source: \"SEC",
                        "COLLATERAL/EQUITY/SHARES: {value: 15, source: \"SEC", "{value: 15,",
                        "$.regimes.SEC_15C3_1.haircuts.COLLATERAL/EQUITY/SHARES.value: must have a maximum value of 1"),
                risk("collateral", "  XM: DCO\n", "  XMM: DCO\n", "segregationClasses:\n  CFTC_4D_FUT",
                        "$.segregationClasses: property 'XMM' is not defined in the schema"),
                risk("collateral", "countedPurposes: [IM, EXCESS]", "countedPurposes: [IM, EXCES]", "countedPurposes",
                        "$.countedPurposes[1]: does not have a value in the enumeration"),
                risk("collateral", "    currencyMismatch:", "    currencyMissmatch:", "  BCBS_IOSCO:\n    haircuts:",
                        "$.regimes.BCBS_IOSCO: property 'currencyMissmatch' is not defined in the schema"),
                // harmonized.yaml
                risk("harmonized", "    kind: YIELD\n", "    kind: YEILD\n", "kind: YEILD",
                        "$.riskFactors.IR:UST:2Y.kind: does not have a value in the enumeration"),
                risk("harmonized", "    faceValue: {value: 100000,", "    face: {value: 100000,",
                        "\"CBT:ZN\":\n    face", "$.treasuryFutures.CBT:ZN: required property 'faceValue' not found"),
                // the day's analytics are market data, not rulebook parameters
                risk("harmonized", "  \"IR:UST:2Y\":\n    kind: YIELD\n", "  \"IR:UST:2Y\":\n    kind: YIELD\n"
                                + "    modifiedDuration: {value: 1.9, source: \"x\"}\n", "\"IR:UST:2Y\":\n    kind: YIELD",
                        "$.riskFactors.IR:UST:2Y: property 'modifiedDuration' is not defined in the schema"),
                risk("harmonized", "savingCap: {value: 0.80,", "savingCap: {value: 80,", "savingCap",
                        "$.savingCap.value: must have a maximum value of 1"),
                risk("harmonized", "between: [\"EQ:SPX\", \"EQ:NDX\"]", "between: [\"EQ:SPX\", \"EQ:NDX\", \"EQ:RUT\"]",
                        "between: [\"EQ:SPX\"", "$.offsets[0].between: must have at most 2 items but found 3"),
                risk("harmonized", "pointsPerSide:", "pointsPerSides:", "source: \"Concord harmonized",
                        "$: property 'pointsPerSides' is not defined in the schema"),
                // simm-2.5.yaml
                simm("    - [1.00, 0.29, 0.13, 0.28, 0.46, 0.32]", "    - [1.00, 1.29, 0.13, 0.28, 0.46, 0.32]",
                        "[1.00, 1.29,", "$.crossRiskClass.psi[0][1]: must have a maximum value of 1"),
                simm("riskClasses: [InterestRate, CreditQualifying,", "riskClasses: [CreditQualifying, InterestRate,",
                        "riskClasses:", "$.crossRiskClass.riskClasses: must be the constant value"),
                simm("    hvr: {10d: 0.44, 1d: 0.51}", "    hrv: {10d: 0.44, 1d: 0.51}", "  vega:\n    source: \"§ C.1.3",
                        "$.interestRate.vega: property 'hrv' is not defined in the schema"),
                simm("byBucket: {10d: {\"1\": 75,", "byBucket: {10d: {\"1\": -75,", "{\"1\": -75,",
                        "$.creditQualifying.riskWeights.byBucket"),
                simm("calculationCurrency: USD", "calculationCurrency: usd", "calculationCurrency",
                        "$.calculationCurrency: does not match the regex pattern"),
                simm("version: \"2.5\"\n", "", "methodology:", "$: required property 'version' not found"));
    }

    private static Arguments risk(String name, String from, String to, String anchor, String expected) {
        return arguments("mappings/risk/" + name + ".yaml", MappingFiles.Kind.ofRiskFile(name + ".yaml").orElseThrow(),
                from, to, anchor, expected);
    }

    private static Arguments marketData(String from, String to, String anchor, String expected) {
        return arguments("mappings/market-data/2026-11-20.yaml", Kind.RISK_MARKET_DATA, from, to, anchor, expected);
    }

    private static Arguments simm(String from, String to, String anchor, String expected) {
        return arguments(SIMM, Kind.SIMM_CALIBRATION, from, to, anchor, expected);
    }

    @ParameterizedTest(name = "{0}: {5}")
    @MethodSource("mistakes")
    void aMistakeIsRefusedWithFileLineAndPath(String real, Kind kind, String from, String to, String anchor,
                                              String expected) throws IOException {
        String text = Files.readString(Path.of(real));
        assertThat(text).as("the real file has the text to change").contains(from);
        assertThat(MappingFiles.check(text.getBytes(StandardCharsets.UTF_8), real, kind)).isEmpty();
        String bad = text.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to));
        Path copy = dir.resolve(Path.of(real).getFileName());
        Files.writeString(copy, bad);
        int line = lineOf(bad, anchor);

        List<MappingProblem> problems = MappingFiles.check(Files.readAllBytes(copy), copy.toString(), kind);
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p.file()).isEqualTo(copy.toString()));
        assertThat(problems).extracting(MappingProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith(copy + ":" + line + ": schema: " + expected));
    }

    /** 1-based line where {@code anchor} first occurs. */
    private static int lineOf(String text, String anchor) {
        int at = text.indexOf(anchor);
        assertThat(at).as("anchor %s", anchor).isNotNegative();
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        // an anchor of several lines names its last line (a key found by its parent)
        return line + (int) anchor.chars().filter(c -> c == '\n').count();
    }

    @Test
    void riskParametersRefuseABadFileBeforeTheHandChecksListingEveryProblem() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("mappings/risk"))) {
            for (Path f : s.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Path span = dir.resolve("span.yaml");
        String text = Files.readString(span);
        String bad = text.replaceFirst("side: B\\}", "side: C}").replace("initialToMaintenance: {value: 1.10,",
                "initialToMaintenance: {value: 0.9,");
        assertThat(bad).isNotEqualTo(text);
        Files.writeString(span, bad);
        int ratio = lineOf(bad, "initialToMaintenance");
        int side = lineOf(bad, "side: C");
        assertThatThrownBy(() -> RiskParameters.load(dir)).isInstanceOf(MarginParameterException.class)
                .hasMessage(span + ":" + ratio + ": schema: $.initialToMaintenance.value: must have a minimum value "
                        + "of 1\n" + span + ":" + side + ": schema: $.interSpreads[0].legs[1].side: does not have a "
                        + "value in the enumeration [\"A\", \"B\"]");
    }

    @Test
    void theSimmEngineRefusesABadCalibrationWithTheLine() throws IOException {
        String text = Files.readString(Path.of(SIMM));
        String bad = text.replace("    hvr: {10d: 0.58, 1d: 0.54}", "    hvr: {10d: -0.58, 1d: 0.54}");
        assertThat(bad).isNotEqualTo(text);
        Path copy = dir.resolve("simm-2.5.yaml");
        Files.writeString(copy, bad);
        int line = lineOf(bad, "hvr: {10d: -0.58");
        assertThatThrownBy(() -> SimmEngine.load(copy, Horizon.TEN_DAY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(copy + ":" + line + ": schema: $.equity.vega.hvr");
    }

    @Test
    void theShippedFilesLoadAsBefore() throws IOException {
        assertThat(RiskParameters.load(Path.of("mappings/risk")).version()).matches("sha256:[0-9a-f]{16}");
        assertThat(SimmEngine.load(Path.of(SIMM), Horizon.ONE_DAY)).isNotNull();
    }
}
