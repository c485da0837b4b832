package io.concord.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.TestMappings;
import io.concord.mapping.MappingSet;
import io.concord.mapping.ProductDefinition;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The maintainer's commands on the shipped mappings and on copies a test changes. */
class MappingsCommandTest {

    private static final String LARKSPUR = "fixtures/sec/positions-larkspur-2026-11-20.csv";
    private static final String HUDSON = "fixtures/sec/positions-hudson-2026-11-20.csv";
    /** iShares Russell 2000 ETF: CUSIP 464287655, ISIN US4642876555, in the Larkspur fixture, unmapped as shipped. */
    private static final String IWM_CUSIP = "464287655";

    @TempDir
    Path tmp;

    @Test
    void theShippedMappingsLintCleanAndEveryDefinitionsExamplesPass() {
        CliRun lint = CliRun.of("mappings", "lint", "--mappings", "mappings");
        assertThat(lint.code()).as(lint.out() + lint.err()).isZero();
        // the shipped futures span.yaml has no combined commodity for are mapped, so flagged, but not problems
        assertThat(lint.out()).contains("no problems, 4 warning(s)")
                .contains("nymex-cl-future.yaml:19: warning: MAPPED, NOT MARGINED nymex-cl-future");

        CliRun test = CliRun.of("mappings", "test", "--mappings", "mappings");
        assertThat(test.code()).as(test.out() + test.err()).isZero();
        assertThat(test.out()).contains(" 0 failed");

        assertThat(TestMappings.SHIPPED.definitions()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.examples()).as(d.file()).isNotEmpty());
    }

    @Test
    void addingADefinitionMovesTheFixtureRecordFromExceptionsToPositions() throws IOException {
        Path mappings = TestMappings.copyShipped(tmp);

        CliRun before = CliRun.of("process", "--out", tmp.resolve("before").toString(), "--mappings",
                mappings.toString(), LARKSPUR);
        assertThat(before.code()).as("the unmapped ETF is rejected: " + before.err()).isEqualTo(ProcessCommand.EXIT_REJECTED);
        assertThat(withCusip(tmp.resolve("before/exceptions.jsonl"), "attributes"))
                .singleElement().satisfies(e -> assertThat(e.get("reason").asText()).isEqualTo("UNMAPPED_PRODUCT"));
        assertThat(withCusip(tmp.resolve("before/normalized/positions.jsonl"), "product", "ids")).isEmpty();

        CliRun why = CliRun.of("mappings", "explain", "--mappings", mappings.toString(), "--feed",
                "sec-bd-positions", "securityType=ETF", "cusip=" + IWM_CUSIP, "symbol=IWM");
        assertThat(why.code()).isEqualTo(1);
        assertThat(why.out()).contains("UNMAPPED_PRODUCT: no definition matches")
                .contains("spdr-spy-etf v1").contains("FAIL cusip = 464287655 (requires 78462F103)");

        // step 1 of "Adding a product": write the definition with an example
        Files.writeString(mappings.resolve("products/ishares-iwm-etf.yaml"), """
                # iShares Russell 2000 ETF (IWM), CUSIP 464287655: it tracks the Russell 2000, so it takes risk factor
                # EQ:RUT, the index's.
                id: ishares-iwm-etf
                version: 1
                status: ACTIVE
                description: iShares Russell 2000 ETF shares
                match:
                  feed: sec-bd-positions
                  securityType: ETF
                  cusip: "464287655"
                product:
                  taxonomy: EQUITY/ETF/CASH
                  riskFactor: EQ:RUT
                  multiplier: 1
                  currency: USD
                  marginKey: SEC:ETF:RUT
                examples:
                  - given: {feed: sec-bd-positions, securityType: ETF, cusip: "464287655", symbol: IWM}
                    expect: {taxonomy: EQUITY/ETF/CASH, agency: SEC, regime: SECURITY, riskFactor: EQ:RUT}
                """);
        // steps 2 and 3: lint and test pass, explain shows the match
        CliRun lint = CliRun.of("mappings", "lint", "--mappings", mappings.toString());
        assertThat(lint.code()).as(lint.out()).isZero();
        CliRun test = CliRun.of("mappings", "test", "--mappings", mappings.toString());
        assertThat(test.code()).as(test.out()).isZero();
        CliRun explain = CliRun.of("mappings", "explain", "--mappings", mappings.toString(), "--feed",
                "sec-bd-positions", "securityType=ETF", "cusip=" + IWM_CUSIP, "symbol=IWM");
        assertThat(explain.code()).as(explain.out()).isZero();
        assertThat(explain.out()).contains("ishares-iwm-etf v1").contains("ok   cusip = 464287655")
                .contains("MAPPED: EQUITY/ETF/CASH (SEC, SECURITY), risk factor EQ:RUT");

        CliRun after = CliRun.of("process", "--out", tmp.resolve("after").toString(), "--mappings",
                mappings.toString(), LARKSPUR);
        assertThat(after.code()).as(after.err()).isZero();
        assertThat(withCusip(tmp.resolve("after/exceptions.jsonl"), "attributes")).isEmpty();
        String newVersion = MappingSet.load(mappings).version();
        assertThat(newVersion).isNotEqualTo(TestMappings.SHIPPED.version());
        assertThat(withCusip(tmp.resolve("after/normalized/positions.jsonl"), "product", "ids")).singleElement()
                .satisfies(p -> {
                    assertThat(p.at("/product/taxonomy").asText()).isEqualTo("EQUITY/ETF/CASH");
                    assertThat(p.at("/product/riskFactor").asText()).isEqualTo("EQ:RUT");
                    assertThat(p.at("/lineage/mappingId").asText()).isEqualTo("ishares-iwm-etf");
                    assertThat(p.at("/lineage/mappingVersion").asInt()).isEqualTo(1);
                    assertThat(p.at("/lineage/mappingSet").asText()).isEqualTo(newVersion);
                });
        JsonNode s0 = Json.MAPPER.readTree(tmp.resolve("before/summary.json").toFile());
        JsonNode s1 = Json.MAPPER.readTree(tmp.resolve("after/summary.json").toFile());
        assertThat(s1.get("accepted").asLong()).isEqualTo(s0.get("accepted").asLong() + 1);
        assertThat(s1.get("rejected").asLong()).isEqualTo(s0.get("rejected").asLong() - 1);
        assertThat(s1.get("mappingsVersion").asText()).isEqualTo(newVersion);
    }

    @Test
    void anAmbiguousPairIsReportedByLintWithAWitnessAndAtRunTimeAsAmbiguousProduct() throws IOException {
        Path mappings = TestMappings.copyShipped(tmp);
        // a maintainer adds a catch-all for ETFs, forgetting that SPY and QQQ have their own definitions
        Files.writeString(mappings.resolve("products/any-etf.yaml"), """
                id: any-etf
                version: 1
                status: ACTIVE
                description: Any ETF on a broker-dealer stock record
                match:
                  feed: sec-bd-positions
                  securityType: ETF
                product:
                  taxonomy: EQUITY/ETF/CASH
                  riskFactor: "EQ:{symbol}"
                  multiplier: 1
                  currency: USD
                  marginKey: SEC:ETF
                examples:
                  - given: {feed: sec-bd-positions, securityType: ETF, cusip: "464287655", symbol: IWM}
                    expect: {riskFactor: EQ:IWM}
                """);
        CliRun lint = CliRun.of("mappings", "lint", "--mappings", mappings.toString());
        assertThat(lint.code()).isEqualTo(1);
        String any = mappings.resolve("products/any-etf.yaml") + ":6: ambiguous: 'any-etf' and ";
        assertThat(lint.out()).contains(any + "'invesco-qqq-etf' (" + mappings.resolve("products/invesco-qqq-etf.yaml")
                        + ":7) both match {feed=sec-bd-positions, securityType=ETF, cusip=46090E103, symbol=QQQ}")
                .contains(any + "'spdr-spy-etf'")
                .contains("every attribute both constrain (feed, securityType) admits a common value")
                .contains("lint: 2 problem(s)");
        CliRun test = CliRun.of("mappings", "test", "--mappings", mappings.toString());
        assertThat(test.code()).isEqualTo(1);
        assertThat(test.out()).contains("example of 'spdr-spy-etf' fails: also matches [any-etf]");

        CliRun run = CliRun.of("process", "--out", tmp.resolve("out").toString(), "--mappings", mappings.toString(),
                HUDSON);
        assertThat(run.code()).as("the ambiguous record is rejected: " + run.err()).isEqualTo(ProcessCommand.EXIT_REJECTED);
        assertThat(lines(tmp.resolve("out/exceptions.jsonl"))).filteredOn(
                        e -> "78462F103".equals(e.at("/attributes/cusip").asText())).isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.get("reason").asText()).isEqualTo("AMBIGUOUS_PRODUCT");
                    assertThat(e.get("message").asText()).contains("spdr-spy-etf").contains("any-etf");
                });
    }

    @Test
    void lintNamesFileAndLineOfSchemaErrorsUnknownTaxonomyCodesAndDuplicateIds() throws IOException {
        Path mappings = TestMappings.copyShipped(tmp);
        Path broken = mappings.resolve("products/broken.yaml");
        Files.writeString(broken, """
                id: broken
                version: 1
                status: ACTIVE
                description: unquoted numbers and a misspelt key
                match:
                  feed: sec-bd-positions
                  strike: 6000
                product:
                  taxonomy: EQUITY/INDEX_HIGH_CAP/LISTED_OPTION
                  riskFactor: EQ:SPX
                  multiplier: 100
                  currency: USD
                  margin_key: SEC:INDEX_OPTION
                examples:
                  - given: {feed: sec-bd-positions, strike: "6000"}
                    expect: {riskFactor: EQ:SPX}
                """);
        Path badCode = mappings.resolve("products/bad-code.yaml");
        Files.writeString(badCode, """
                id: bad-code
                version: 1
                status: ACTIVE
                description: names a taxonomy code that does not exist
                match: {feed: sec-bd-positions, securityType: WARRANT}
                product:
                  taxonomy: EQUITY/WARRANT/CASH
                  riskFactor: "EQ:{symbol}"
                  multiplier: 1
                  currency: USD
                  marginKey: SEC:EQUITY
                examples:
                  - given: {feed: sec-bd-positions, securityType: WARRANT, symbol: XYZ}
                    expect: {riskFactor: EQ:XYZ}
                """);
        Path dup = mappings.resolve("products/zz-duplicate.yaml");
        Files.writeString(dup, Files.readString(mappings.resolve("products/us-common-stock.yaml"))
                .replace("securityType: CS", "securityType: ADR"));

        Path typo = mappings.resolve("products/spdr-spy-etf.yaml");
        Files.writeString(typo, Files.readString(typo).replace("feed: sec-bd-positions\n", "feed: sec-bd-position\n"));

        CliRun lint = CliRun.of("mappings", "lint", "--mappings", mappings.toString());
        assertThat(lint.code()).isEqualTo(1);
        assertThat(lint.out())
                .contains(badCode + ":7: product.taxonomy 'EQUITY/WARRANT/CASH' is not a code in taxonomy.yaml")
                .contains(broken + ":7: schema: $.match.strike: integer found, [string, array, object] expected")
                .contains(broken + ":9: schema: $.product: property 'margin_key' is not defined in the schema")
                .contains(broken + ":9: schema: $.product: required property 'marginKey' not found")
                .contains(dup + ":7: id 'us-common-stock' is already defined in "
                        + mappings.resolve("products/us-common-stock.yaml") + ":7")
                .contains(typo + ":7: match.feed: 'sec-bd-position' is not a feed Concord reads")
                .contains("lint: 6 problem(s)");

        // the pipeline refuses the same folder, naming file and line
        CliRun run = CliRun.of("process", "--out", tmp.resolve("out").toString(), "--mappings", mappings.toString(),
                LARKSPUR);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("5 problem(s) in the mappings").contains(broken + ":7: schema:");
    }

    /**
     * A maintainer copies SPY's definition for IWM and misspells {@code cusip}: the definition then constrains an
     * attribute no record has, so it never matches and would overlap SPY's on every ETF. Lint names the key in the
     * file being edited with the nearest attribute, and reports no ambiguity with SPY's (or QQQ's) definition.
     */
    @Test
    void aMisspeltConditionKeyIsUnknownInItsOwnFileWithADidYouMeanNotAnAmbiguity() throws IOException {
        Path mappings = TestMappings.copyShipped(tmp);
        Path iwm = mappings.resolve("products/ishares-iwm-etf.yaml");
        Files.writeString(iwm, Files.readString(mappings.resolve("products/spdr-spy-etf.yaml"))
                .replace("spdr-spy-etf", "ishares-iwm-etf").replace("  cusip: \"78462F103\"", "  cuisp: \"464287655\"")
                .replace("78462F103", "464287655").replace("SPY", "IWM").replace("EQ:SPX", "EQ:RUT")
                .replace("SEC:ETF:SPX", "SEC:ETF:RUT"));
        CliRun lint = CliRun.of("mappings", "lint", "--mappings", mappings.toString());
        assertThat(lint.code()).isEqualTo(1);
        assertThat(lint.out()).contains(iwm + ":9: match.cuisp: 'cuisp' is not an attribute any feed is known to "
                        + "give (nor one another definition uses), so 'ishares-iwm-etf' never matches; did you mean "
                        + "'cusip'?")
                .doesNotContain("ambiguous").contains("lint: 1 problem(s)");

        // a key far from every known attribute is still unknown, with no suggestion
        Files.writeString(iwm, Files.readString(iwm).replace("cuisp:", "fundFamilyCode:"));
        CliRun far = CliRun.of("mappings", "lint", "--mappings", mappings.toString());
        assertThat(far.out()).contains(iwm + ":9: match.fundFamilyCode: 'fundFamilyCode' is not an attribute")
                .doesNotContain("did you mean").doesNotContain("ambiguous");
    }

    /** One lint run names every problem of the folder: firms.yaml's, each product file's, and the overlaps. */
    @Test
    void lintReportsEveryProblemInOnePass() throws IOException {
        Path mappings = TestMappings.copyShipped(tmp);
        Path firms = mappings.resolve("firms.yaml");
        Files.writeString(firms, Files.readString(firms)
                .replace("lei: 549300HUDSONCLR0RG39", "lei: 549300HUDSONCLR0RG38")
                .replace("segregationClass: CFTC_30_7", "segregationClass: CFTC_30.7"));
        Path spy = mappings.resolve("products/spdr-spy-etf.yaml");
        Files.writeString(spy, Files.readString(spy).replace("securityType: ETF\n", "securityTyp: ETF\n"));
        Path bill = mappings.resolve("products/bd-ust-0-2y.yaml");
        Files.writeString(bill, Files.readString(bill).replace("taxonomy: ", "taxonomy: X/"));
        CliRun lint = CliRun.of("mappings", "lint", "--mappings", mappings.toString());
        assertThat(lint.code()).isEqualTo(1);
        assertThat(lint.out())
                .contains(firms + ": firms.HUD.lei: ")
                .contains(firms + ": firms.HUD.accounts: segregationClass 'CFTC_30.7' is not one of")
                .contains(spy + ":8: match.securityTyp: ").contains("did you mean 'securityType'?")
                .contains(bill + ":13: schema: $.product.taxonomy: does not match the regex pattern")
                .contains("lint: 4 problem(s)");
    }

    /**
     * A maintainer maps NYMEX Henry Hub natural gas futures (NG, 10,000 MMBtu: CME Group contract specifications)
     * before span.yaml has a combined commodity for it: lint warns (the product is mapped but in no margin
     * figure) without failing, and coverage of a file holding such a position says MAPPED, NOT MARGINED.
     */
    @Test
    void aNewProductNoSiloCanMarginIsFlaggedByLintAndCoverage() throws IOException {
        Path mappings = TestMappings.copyShipped(tmp);
        Path ng = mappings.resolve("products/nymex-ng-future.yaml");
        Files.writeString(ng, """
                # NYMEX Henry Hub Natural Gas futures: 10,000 MMBtu (CME Group contract specifications).
                id: nymex-ng-future
                version: 1
                status: ACTIVE
                description: NYMEX Henry Hub Natural Gas futures (NG), 10,000 MMBtu
                match:
                  feed: [cftc-fixml-posrpt, cftc-ltr80]
                  exchange: [NYMEX, XNYM, NY]
                  contractCode: NG
                  securityType: FUT
                product:
                  taxonomy: COMMODITY/ENERGY/FUTURE
                  riskFactor: CMDTY:HH
                  multiplier: 10000
                  currency: USD
                  marginKey: NYM:NG
                examples:
                  - given: {feed: cftc-ltr80, firmCode: MER, exchange: NY, contractCode: NG, securityType: FUT, maturity: "202612"}
                    expect: {taxonomy: COMMODITY/ENERGY/FUTURE, riskFactor: CMDTY:HH, multiplier: "10000"}
                """);
        CliRun lint = CliRun.of("mappings", "lint", "--mappings", mappings.toString());
        assertThat(lint.code()).as(lint.out()).isZero();
        assertThat(lint.out()).contains(ng + ":18: warning: MAPPED, NOT MARGINED nymex-ng-future "
                + "(COMMODITY/ENERGY/FUTURE, margin key NYM:NG): span.yaml has no combined commodity NYM:NG")
                .contains("no problems, 5 warning(s)");

        Path feed = tmp.resolve("ltr80-ng.txt");
        Files.writeString(feed, "RPMER  00000004031120261120NY NG   20261200        00000400000000              O\n");
        CliRun coverage = CliRun.of("mappings", "coverage", "--mappings", mappings.toString(), feed.toString());
        assertThat(coverage.code()).as(coverage.err()).isZero();
        assertThat(coverage.out()).contains("cftc-ltr80: MAPPED, NOT MARGINED nymex-ng-future (COMMODITY/ENERGY/FUTURE, "
                + "margin key NYM:NG): span.yaml has no combined commodity NYM:NG (1 record)");
    }

    @Test
    void mappingsTestNamesTheFailingExampleAndWhatDiffers() throws IOException {
        Path mappings = TestMappings.copyShipped(tmp);
        Path spy = mappings.resolve("products/spdr-spy-etf.yaml");
        Files.writeString(spy, Files.readString(spy).replace("expect: {taxonomy: EQUITY/ETF/CASH, riskFactor: EQ:SPX}",
                "expect: {taxonomy: EQUITY/ETF/CASH, riskFactor: EQ:NDX}"));
        CliRun test = CliRun.of("mappings", "test", "--mappings", mappings.toString());
        assertThat(test.code()).isEqualTo(1);
        assertThat(test.out()).contains("FAIL " + spy + ":17: example of 'spdr-spy-etf' fails: expected riskFactor "
                + "EQ:NDX, got EQ:SPX").contains(" 1 failed");
    }

    @Test
    void explainShowsTheMatchAndItsConditionsOrAMissingAttribute() {
        CliRun ok = CliRun.of("mappings", "explain", "--feed", "cftc-fixml-posrpt", "exchange=XCME",
                "contractCode=ES", "securityType=FUT", "maturity=202612");
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("cme-es-future v2").contains("ok   exchange = XCME (requires any of [CM, CME, XCME])")
                .contains("MAPPED: EQUITY/INDEX_HIGH_CAP/FUTURE (CFTC, FUTURE), risk factor EQ:SPX, multiplier 50");

        CliRun missing = CliRun.of("mappings", "explain", "--feed", "sec-bd-positions", "securityType=CS");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.out()).contains("us-common-stock v1")
                .contains("MISSING_ATTRIBUTE: definition us-common-stock needs attribute 'symbol'");
    }

    @Test
    void everyMappingsCommandHasHelp() {
        for (String c : List.of("lint", "test", "explain", "coverage")) {
            CliRun r = CliRun.of("mappings", c, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("Usage: concord mappings " + c).contains("--mappings");
        }
    }

    @Test
    void explainUsageErrorsExitTwo() {
        CliRun noValue = CliRun.of("mappings", "explain", "--feed", "sec-bd-positions", "securityType");
        assertThat(noValue.code()).isEqualTo(2);
        assertThat(noValue.err().strip().lines()).singleElement().asString()
                .contains("expected ATTRIBUTE=VALUE, got 'securityType'");
        CliRun unknown = CliRun.of("mappings", "explain", "--feed", "no-such-feed", "a=b");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown feed 'no-such-feed'");
        assertThat(CliRun.of("mappings").code()).isEqualTo(2);
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(Json.MAPPER.readTree(l));
        }
        return out;
    }

    /** Lines of a JSON-lines file whose {@code cusip} under the given path is IWM's. */
    private static List<JsonNode> withCusip(Path file, String... path) throws IOException {
        String pointer = "/" + String.join("/", path) + "/cusip";
        return lines(file).stream().filter(n -> IWM_CUSIP.equals(n.at(pointer).asText())).toList();
    }
}
