package io.concord.margin.harmonized;

import io.concord.testing.TestFiles;
import io.concord.gateway.cli.ProcessCommand;
import com.fasterxml.jackson.databind.JsonNode;
import io.concord.gateway.cli.CliRun;
import io.concord.report.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Harmonized margin on the shipped fixtures, by default (only XM accounts join) and in the harmonize-all what-if.
 * Each case's numbers are worked by hand below from the fixture files and mappings/risk/*.yaml; the invariants hold
 * for every account of both runs.
 */
class HarmonizedFixturesTest {

    private static final String HUDSON = "549300HUDSONCLR0RG39";
    private static final String NORTHSTAR = "549300NORTHSTARBK030";

    @TempDir
    static Path dir;

    private static JsonNode configured;
    private static JsonNode whatIf;
    private static JsonNode summary;

    @BeforeAll
    static void processTheFixturesBothWays() throws IOException {
        CliRun r = CliRun.of("process", "--out", dir.resolve("default").toString(), "fixtures");
        assertThat(r.code()).as(r.err()).isEqualTo(ProcessCommand.EXIT_REJECTED); // fixtures/bad/ is rejected
        CliRun w = CliRun.of("process", "--what-if", "harmonize-all", "--out", dir.resolve("all").toString(),
                "fixtures");
        assertThat(w.code()).as(w.err()).isEqualTo(ProcessCommand.EXIT_REJECTED);
        configured = Json.MAPPER.readTree(dir.resolve("default/margin/margin.json").toFile());
        whatIf = Json.MAPPER.readTree(dir.resolve("all/margin/margin.json").toFile());
        summary = Json.MAPPER.readTree(dir.resolve("default/margin/summary.json").toFile());
    }

    private static JsonNode account(JsonNode margin, String firm, String account) {
        for (JsonNode a : margin.get("accounts")) {
            if (a.get("firm").asText().equals(firm) && a.get("account").asText().equals(account)) {
                return a;
            }
        }
        throw new AssertionError("no account " + account + " of " + firm);
    }

    private static List<String> offsetTypes(JsonNode h) {
        List<String> out = new ArrayList<>();
        h.get("offsets").forEach(o -> out.add(o.get("type").asText() + " " + o.get("riskFactors")));
        return out;
    }

    @Test
    void equityIndexHedgeSpyAgainstShortEminiIsRevaluedTogetherUnderTheCap() {
        // fixtures/*/ *hudson-xm*: XM-2002 long 3,000 SPY at 683.10 (SEC_PM), short 4 ES at 6,852.25 (CFTC_SPAN).
        // Siloed: PM -8% x 2,049,300 = 163,944 (FINRA 4210(g) high-cap index range); SPAN 4 x 22,500 = 90,000.
        // Joint range: -8% (PM) / +6.5675% (SPAN 22,500 / (6,852.25 x 50)), the widest each way.
        // At -8%: SPY -163,944 + ES +4 x 50 x 6,852.25 x 8% = +109,636 -> loss 54,308 (worst point).
        // Saving 253,944 - 54,308 = 199,636 < cap 80% x 253,944 = 203,155.20.
        JsonNode a = account(configured, HUDSON, "XM-2002");
        JsonNode h = a.get("harmonized");
        assertThat(a.get("siloedTotal").asDouble()).isEqualTo(253_944.00, within(0.005));
        assertThat(h.get("eligible").asBoolean()).isTrue();
        assertThat(h.get("total").asDouble()).isEqualTo(54_308.00, within(0.005));
        assertThat(h.get("saving").asDouble()).isEqualTo(199_636.00, within(0.005));
        assertThat(h.get("savingCapped").asBoolean()).isFalse();
        assertThat(offsetTypes(h)).containsExactly("CROSS_SILO [\"EQ:SPX\"]");
        assertThat(h.get("offsets").get(0).get("silos").toString()).isEqualTo("[\"CFTC_SPAN\",\"SEC_PM\"]");
        assertThat(h.get("protectionImpact")).as("both legs already sit in the XM account").isEmpty();
        assertThat(h.get("explain").toString()).contains("risk factor EQ:SPX", "-8.00%", "+6.57%");
    }

    @Test
    void treasuryBasisTradeOffsetsByDv01ThroughTheConversionFactorAndIsCapped() {
        // XM-2003: long 10,000,000 face of a 10-year note at 99.50 (market value 9,950,000), short 112 ZN Dec-26.
        // Siloed: Reg T 4% x 9,950,000 = 398,000 (FINRA 4210(e)(2)(A), 5-10 years); SPAN 112 x 2,200 = 246,400.
        // DV01: cash 9,950,000 x 8.0 x 0.0001 = 7,960; ZN CTD 99.75/100 x 100,000 x 6.15 x 0.0001 / 0.8650 =
        // 70.9205 per contract x 112 = 7,943.10; net 16.90 per bp over the widest range 50 bp (4% / 8.0) = 845.
        // Uncapped saving 644,400 - 845 = 643,555 > cap 80% x 644,400 = 515,520: harmonized 128,880.
        JsonNode a = account(configured, HUDSON, "XM-2003");
        JsonNode h = a.get("harmonized");
        assertThat(a.get("siloedTotal").asDouble()).isEqualTo(644_400.00, within(0.005));
        assertThat(h.get("portfolio").get("uncappedSaving").asDouble()).isEqualTo(643_555.0, within(1.0));
        assertThat(h.get("savingCapped").asBoolean()).isTrue();
        assertThat(h.get("saving").asDouble()).isEqualTo(515_520.00, within(0.005));
        assertThat(h.get("total").asDouble()).isEqualTo(128_880.00, within(0.005));
        assertThat(h.get("explain").get("basis").asText()).contains("capped at 0.8");
        assertThat(h.get("explain").toString()).contains("conversion factor 0.865", "+50.0bp")
                .as("the day's analytics are cited from the day's market data file, the contract's face from the "
                        + "rulebook parameters")
                .contains("market-data/2026-11-20.yaml#treasuryFutures.CBT:ZN.conversionFactor",
                        "market-data/2026-11-20.yaml#riskFactors.IR:UST:10Y.modifiedDuration",
                        "risk/harmonized.yaml#treasuryFutures.CBT:ZN.faceValue");
    }

    @Test
    void withoutTheDaysDurationsTheTreasuryBasisTradeStaysInItsSilosAndSaysWhy() throws IOException {
        // the same XM-2003 basis trade margined with a market data file of 2026-11-20 that lacks the day's
        // durations and cheapest-to-deliver: nothing is assumed, both legs stay in their silos with the reason
        Path mappings = dir.resolve("no-analytics-mappings");
        TestFiles.copyTree(Path.of("mappings"), mappings);
        Path day = mappings.resolve("market-data/2026-11-20.yaml");
        String text = Files.readString(day);
        String stripped = text.substring(0, text.indexOf("# Deliverable Treasury futures"))
                .replaceAll("(?m)^  \"IR:UST:\\w+\":\n    modifiedDuration: .*\n", "");
        assertThat(stripped).doesNotContain("modifiedDuration", "ctdPrice", "riskyDuration");
        Files.writeString(day, stripped);
        CliRun r = CliRun.of("process", "--mappings", mappings.toString(), "--out",
                dir.resolve("no-analytics").toString(), "fixtures/sec/positions-hudson-xm-2026-11-20.csv",
                "fixtures/cftc/posrpt-hudson-xm-2026-11-20.xml");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode margin = Json.MAPPER.readTree(dir.resolve("no-analytics/margin/margin.json").toFile());
        JsonNode a = account(margin, HUDSON, "XM-2003");
        JsonNode h = a.get("harmonized");
        assertThat(a.get("siloedTotal").asDouble()).isEqualTo(644_400.00, within(0.005));
        assertThat(h.get("total").asDouble()).as("nothing joins, so nothing is saved").isEqualTo(644_400.00,
                within(0.005));
        List<String> reasons = new ArrayList<>();
        h.get("stayedSiloed").forEach(st -> reasons.add(st.get("riskFactor").asText() + ": "
                + st.get("reason").asText()));
        assertThat(reasons).hasSize(2)
                .anySatisfy(x -> assertThat(x).startsWith("IR:UST:10Y").contains(
                        "market data has no entry for risk factor IR:UST:10Y"))
                .anySatisfy(x -> assertThat(x).startsWith("IR:UST:10Y").contains(
                        "market data has no cheapest-to-deliver for CBT:ZN"));
        // the equity hedge of XM-2002 needs none of them and still saves what it saved with the full file
        assertThat(account(margin, HUDSON, "XM-2002").get("harmonized").get("saving").asDouble())
                .isEqualTo(account(configured, HUDSON, "XM-2002").get("harmonized").get("saving").asDouble());
    }

    @Test
    void bitcoinFuturesAgainstASpotEtpShareTheBitcoinFactor() {
        // XM-2004: long 40,000 IBIT at 54.20 (2,168,000; SEC_PM +/-15%), short 5 BTC at 86,500 (SPAN 5 x 135,000).
        // Siloed 325,200 + 675,000 = 1,000,200. Joint range +/-31.21% (135,000 / 432,500): at the worst point the two
        // legs nearly cancel, so the saving is the cap, 80% x 1,000,200 = 800,160.
        JsonNode a = account(configured, HUDSON, "XM-2004");
        JsonNode h = a.get("harmonized");
        assertThat(a.get("siloedTotal").asDouble()).isEqualTo(1_000_200.00, within(0.005));
        assertThat(offsetTypes(h)).contains("CROSS_SILO [\"CRYPTO:BTC\"]");
        assertThat(h.get("saving").asDouble()).isEqualTo(800_160.00, within(0.005));
        assertThat(h.get("total").asDouble()).isEqualTo(200_040.00, within(0.005));
    }

    @Test
    void anAccountWithNothingToOffsetKeepsItsSiloedFigure() {
        // XM-2005 holds 400 QQQ and nothing else on EQ:NDX: Reg T 25% x 244,120 = 61,030 stays as it is.
        JsonNode a = account(configured, HUDSON, "XM-2005");
        JsonNode h = a.get("harmonized");
        assertThat(a.get("siloedTotal").asDouble()).isEqualTo(61_030.00, within(0.005));
        assertThat(h.get("eligible").asBoolean()).isTrue();
        assertThat(h.get("saving").asDouble()).isZero();
        assertThat(h.get("total").asDouble()).isEqualTo(61_030.00, within(0.005));
        assertThat(h.get("offsets")).isEmpty();
        assertThat(h.get("stayedSiloed")).singleElement().satisfies(s -> assertThat(s.get("reason").asText())
                .isEqualTo("nothing on EQ:NDX in another silo to offset (only [SEC_REGT])"));
        assertThat(h.get("explain").get("basis").asText()).contains("nothing to offset");
        // 000000XM0007 (fixtures/cftc/ltr80-2026-11-20.txt) is a cross-margin account whose futures carry no price:
        // they cannot be revalued jointly, so they stay in SPAN and nothing is saved
        JsonNode ltr = account(configured, firmOf("000000XM0007"), "000000XM0007").get("harmonized");
        assertThat(ltr.get("saving").asDouble()).isZero();
        assertThat(ltr.get("stayedSiloed")).isNotEmpty().allSatisfy(s ->
                assertThat(s.get("reason").asText()).isEqualTo("cannot be revalued: the report carries no price"));
    }

    @Test
    void whereHarmonizedWouldExceedSiloedTheSiloedFigureIsKept() {
        // XM-2001: short ES, short SPX calls and long SPY all lose together on a rally: the joint scan over the
        // wider SPAN up-range (+6.57% against PM's +6%) exceeds the silos' sum, so nothing is saved.
        JsonNode a = account(configured, HUDSON, "XM-2001");
        JsonNode h = a.get("harmonized");
        assertThat(h.get("portfolio").get("uncappedSaving").asDouble()).isNegative();
        assertThat(h.get("saving").asDouble()).isZero();
        assertThat(h.get("total").asDouble()).isEqualTo(a.get("siloedTotal").asDouble());
        assertThat(h.get("explain").get("basis").asText()).contains("the siloed figure is kept");
    }

    @Test
    void cdsIndexAgainstSingleNamesOffsetsThroughTheConstituentsInTheWhatIf() {
        // Northstar sold 1,250,000,000 CDX.NA.IG.47 protection to Willow (Part 45, CFTC_HOUSE) and bought 10,000,000
        // on BA, T and F each (SBSR, UNCLEARED_IM_SEG): customers.yaml links the two accounts. Schedule 5% (2-5 years):
        // 62,500,000 + 1,500,000 = 64,000,000 siloed. The index is 125 equal names (10,000,000 each): BA, T and F net
        // to zero, the other 122 keep 1,220,000,000 x 4.5 x 111.1 bp = 61,000,000. Saving 3,000,000, by three
        // CROSS_SILO offsets of 1,000,000.
        JsonNode idx = account(whatIf, NORTHSTAR, "CPTY:549300WILLOWCREDIT53");
        JsonNode sbs = account(whatIf, NORTHSTAR, "549300WILLOWCREDIT53");
        JsonNode p = idx.get("harmonized").get("portfolio");
        assertThat(p.get("customer").asText()).isEqualTo("WILLOW-CREDIT");
        assertThat(p.get("siloed").asDouble()).isEqualTo(64_000_000.00, within(0.005));
        assertThat(p.get("total").asDouble()).isEqualTo(61_000_000.00, within(1.0));
        assertThat(p.get("saving").asDouble()).isEqualTo(3_000_000.00, within(1.0));
        assertThat(offsetTypes(idx.get("harmonized"))).containsExactly("CROSS_SILO [\"CR:BA\"]",
                "CROSS_SILO [\"CR:F\"]", "CROSS_SILO [\"CR:T\"]");
        // the accounts' shares add up to the portfolio's saving
        assertThat(idx.get("harmonized").get("saving").asDouble() + sbs.get("harmonized").get("saving").asDouble())
                .isEqualTo(3_000_000.00, within(0.02));
        // SBS in third-party custody and a house swap account would both move to the portfolio's 4d(f) account
        List<String> moves = new ArrayList<>();
        idx.get("harmonized").get("protectionImpact").forEach(m -> moves.add(m.get("from").asText() + "->"
                + m.get("to").asText()));
        assertThat(moves).containsExactlyInAnyOrder("UNCLEARED_IM_SEG->CFTC_4D_F_LSOC", "CFTC_HOUSE->CFTC_4D_F_LSOC");
        // by default neither class may be cross-margined
        JsonNode off = account(configured, NORTHSTAR, "CPTY:549300WILLOWCREDIT53").get("harmonized");
        assertThat(off.get("eligible").asBoolean()).isFalse();
        assertThat(off.get("saving").asDouble()).isZero();
        assertThat(off.get("explain").get("basis").asText()).contains("may not be cross-margined");
    }

    @Test
    void invariantsHoldForEveryAccountOfBothRuns() {
        for (JsonNode margin : List.of(configured, whatIf)) {
            for (JsonNode a : margin.get("accounts")) {
                JsonNode h = a.get("harmonized");
                String id = a.get("account").asText() + " " + a.get("segregationClass").asText();
                double siloed = a.get("siloedTotal").asDouble();
                assertThat(h.get("total").asDouble()).as(id).isLessThanOrEqualTo(siloed + 0.005);
                assertThat(h.get("saving").asDouble()).as(id).isGreaterThanOrEqualTo(0)
                        .isEqualTo(siloed - h.get("total").asDouble(), within(0.011));
                JsonNode p = h.get("portfolio");
                assertThat(p.get("saving").asDouble()).as(id).isLessThanOrEqualTo(p.get("savingCap").asDouble()
                        + 0.005);
                if (h.get("offsets").isEmpty()) {
                    assertThat(h.get("saving").asDouble()).as(id + ": nothing offsets").isZero();
                }
            }
        }
    }

    @Test
    void summaryGivesFreedCollateralByFirmRiskFactorAndSiloPairAndAddsUp() {
        double freed = 0;
        for (JsonNode a : configured.get("accounts")) {
            freed += a.get("harmonized").get("saving").asDouble();
        }
        JsonNode market = summary.get("market");
        assertThat(market.get("freed").asDouble()).isEqualTo(freed, within(0.05)).isPositive();
        assertThat(market.get("siloed").asDouble() - market.get("harmonized").asDouble())
                .isEqualTo(market.get("freed").asDouble(), within(0.01));
        JsonNode hudson = null;
        for (JsonNode f : summary.get("firms")) {
            if (f.get("firm").asText().equals(HUDSON)) {
                hudson = f;
            }
        }
        assertThat(hudson).isNotNull();
        // 199,636 + 515,520 + 800,160 from the three hedged XM accounts
        assertThat(hudson.get("freed").asDouble()).isEqualTo(1_515_316.00, within(0.05));
        assertThat(hudson.get("portfoliosCapped").asInt()).isEqualTo(2);
        double byFactor = 0;
        for (JsonNode v : hudson.get("freedByRiskFactor")) {
            byFactor += v.asDouble();
        }
        assertThat(byFactor).isEqualTo(hudson.get("freed").asDouble(), within(0.05));
        assertThat(hudson.get("freedByRiskFactor").has("EQ:SPX")).isTrue();
        assertThat(hudson.get("freedByRiskFactor").has("IR:UST:10Y")).isTrue();
        assertThat(hudson.get("freedByRiskFactor").has("CRYPTO:BTC")).isTrue();
        assertThat(hudson.get("freedBySiloPair").has("CFTC_SPAN+SEC_PM")).isTrue();
        assertThat(hudson.get("freedBySiloPair").has("CFTC_SPAN+SEC_REGT")).isTrue();
    }

    @Test
    void summaryCountsEachAccountAndEachHarmonizedPortfolioOnce() throws IOException {
        JsonNode allSummary = Json.MAPPER.readTree(dir.resolve("all/margin/summary.json").toFile());
        int widest = Math.max(checkCounts(configured, summary), checkCounts(whatIf, allSummary));
        // harmonize-all joins an account's segregation classes: a portfolio of several margin.json entries
        assertThat(widest).isGreaterThan(1);
    }

    /**
     * Checks summary.json's account and portfolio counts per firm and market-wide against margin.json (a portfolio
     * is a distinct eligible firm and customer, however many entries it spans); returns the most entries of one.
     */
    private static int checkCounts(JsonNode margin, JsonNode summary) {
        Map<String, java.util.Set<String>> portfolios = new java.util.TreeMap<>();
        Map<String, Integer> accounts = new java.util.TreeMap<>();
        Map<String, Integer> entriesPerPortfolio = new java.util.TreeMap<>();
        for (JsonNode a : margin.get("accounts")) {
            String firm = a.get("firm").asText();
            accounts.merge(firm, 1, Integer::sum);
            JsonNode h = a.get("harmonized");
            if (h != null && h.get("eligible").asBoolean()) {
                String customer = h.at("/portfolio/customer").asText();
                portfolios.computeIfAbsent(firm, f -> new java.util.TreeSet<>()).add(customer);
                entriesPerPortfolio.merge(firm + "|" + customer, 1, Integer::sum);
            }
        }
        JsonNode market = summary.get("market");
        assertThat(market.get("portfolios").asInt())
                .isEqualTo(portfolios.values().stream().mapToInt(java.util.Set::size).sum()).isPositive();
        assertThat(market.get("accounts").asInt()).isEqualTo(margin.get("accounts").size());
        assertThat(summary.get("firms")).hasSize(accounts.size());
        for (JsonNode f : summary.get("firms")) {
            String lei = f.get("firm").asText();
            assertThat(f.get("accounts").asInt()).as(lei).isEqualTo(accounts.get(lei));
            assertThat(f.get("portfolios").asInt()).as(lei)
                    .isEqualTo(portfolios.getOrDefault(lei, java.util.Set.of()).size());
        }
        return entriesPerPortfolio.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static String firmOf(String account) {
        for (JsonNode a : configured.get("accounts")) {
            if (a.get("account").asText().equals(account)) {
                return a.get("firm").asText();
            }
        }
        throw new AssertionError("no account " + account);
    }
}
