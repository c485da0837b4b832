package io.concord.margin;

import io.concord.margin.engine.MarginEngine;
import io.concord.margin.engine.MarginReport;
import io.concord.margin.engine.RiskParameters;
import io.concord.model.Position;
import io.concord.model.PutCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.concord.margin.Fixtures.AS_OF;
import static io.concord.margin.Fixtures.MAPPINGS;
import static io.concord.margin.Fixtures.position;
import static io.concord.margin.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Daily market data as dated files ({@code <mappings>/market-data/<YYYY-MM-DD>.yaml}): the margin of a business date
 * uses that date's file and no other; a missing date and a file whose {@code asOf} is not its name are refused.
 */
class MarketDataFilesTest {

    /** The shipped closing data of the fixtures' date (2026-11-20). */
    static final Path SHIPPED = Path.of("mappings/market-data/2026-11-20.yaml");

    @TempDir
    Path mappings;

    /** The shipped data moved to {@code date} with the S&amp;P 500 at {@code spx}. */
    private static String day(LocalDate date, String spx) throws IOException {
        String text = Files.readString(SHIPPED);
        assertThat(text).contains("asOf: \"2026-11-20\"").contains("price: {value: 6848.50,");
        return text.replace("asOf: \"2026-11-20\"", "asOf: \"" + date + "\"")
                .replace("price: {value: 6848.50,", "price: {value: " + spx + ",");
    }

    private Path folder() throws IOException {
        return Files.createDirectories(mappings.resolve(MarketDataFiles.DIR));
    }

    @Test
    void theDaysDurationsCheapestToDeliverAndRiskyDurationAreMarketDataCitingTheirFile() throws IOException {
        Path dir = folder();
        Files.copy(SHIPPED, dir.resolve("2026-11-20.yaml"));
        MarketContext market = new MarketContext(AS_OF, MarketDataFiles.forDate(dir, AS_OF), List.of());
        assertThat(market.modifiedDuration("IR:UST:10Y").value()).isEqualTo(8.0);
        assertThat(market.modifiedDuration("IR:UST:10Y").where())
                .isEqualTo("market-data/2026-11-20.yaml#riskFactors.IR:UST:10Y.modifiedDuration");
        MarketData.CheapestToDeliver zn = market.cheapestToDeliver("CBT:ZN");
        assertThat(zn.conversionFactor().where())
                .isEqualTo("market-data/2026-11-20.yaml#treasuryFutures.CBT:ZN.conversionFactor");
        // 99.75 / 100 x 100,000 x 6.15 x 0.0001 / 0.8650 = 70.9205 USD per contract per basis point (the CBOT ZN
        // face value of $100,000; the shipped illustrative CTD of 2026-11-20)
        assertThat(zn.dv01(Param.of(100_000, "CBOT 10-Year T-Note contract unit"))).isCloseTo(70.9205,
                org.assertj.core.api.Assertions.within(5e-5));
        assertThat(market.cdsRiskyDuration().value()).isEqualTo(4.5);

        // a date whose file lacks them: each asked for is missing with its name, never taken from elsewhere
        MarketData bare = new MarketData(AS_OF, Param.of(0.04, "test"), Map.of("IR:UST:10Y",
                new MarketData.Factor(null, null, null)), Map.of());
        MarketContext without = new MarketContext(AS_OF, bare, List.of());
        assertThatThrownBy(() -> without.modifiedDuration("IR:UST:10Y")).isInstanceOf(MarketContext.Missing.class)
                .hasMessage("market data has no modifiedDuration for IR:UST:10Y");
        assertThatThrownBy(() -> without.cheapestToDeliver("CBT:ZN")).isInstanceOf(MarketContext.Missing.class)
                .hasMessage("market data has no cheapest-to-deliver for CBT:ZN (treasuryFutures)");
        assertThatThrownBy(without::cdsRiskyDuration).isInstanceOf(MarketContext.Missing.class)
                .hasMessage("market data has no CDS risky duration (credit.riskyDuration)");
        // a date without any market data file says so for each of them
        MarketContext unavailable = MarketContext.unavailable(AS_OF, "no market data file for 2026-11-20", List.of());
        assertThatThrownBy(unavailable::cdsRiskyDuration).hasMessage("no market data file for 2026-11-20");
        assertThatThrownBy(() -> unavailable.cheapestToDeliver("CBT:ZN"))
                .hasMessage("no market data file for 2026-11-20");
    }

    @Test
    void theFileOfTheDateIsPicked() throws IOException {
        Path dir = folder();
        Files.writeString(dir.resolve("2026-11-19.yaml"), day(LocalDate.of(2026, 11, 19), "6700.00"));
        Files.writeString(dir.resolve("2026-11-20.yaml"), day(AS_OF, "6848.50"));
        MarketData d20 = MarketDataFiles.forDate(dir, AS_OF);
        assertThat(d20.asOf()).isEqualTo(AS_OF);
        assertThat(d20.factors().get("EQ:SPX").price().value()).isEqualTo(6848.50);
        assertThat(d20.factors().get("EQ:SPX").price().where()).isEqualTo(
                "market-data/2026-11-20.yaml#riskFactors.EQ:SPX.price");
        MarketData d19 = MarketDataSource.dated(dir).on(LocalDate.of(2026, 11, 19));
        assertThat(d19.asOf()).isEqualTo(LocalDate.of(2026, 11, 19));
        assertThat(d19.factors().get("EQ:SPX").price().value()).isEqualTo(6700.00);
    }

    @Test
    void aMissingDateIsRefusedNamingTheDateAndTheFolder() throws IOException {
        Path dir = folder();
        Files.writeString(dir.resolve("2026-11-19.yaml"), day(LocalDate.of(2026, 11, 19), "6700.00"));
        assertThatThrownBy(() -> MarketDataFiles.forDate(dir, AS_OF)).isInstanceOf(MarginParameterException.class)
                .hasMessage("no market data for the business date 2026-11-20: " + dir.resolve("2026-11-20.yaml")
                        + " not found (one file per business date in " + dir + ", named YYYY-MM-DD.yaml; another "
                        + "day's prices are never used)");
    }

    @Test
    void aFileWhoseAsOfIsNotItsNameIsRefusedWithFileAndField() throws IOException {
        Path dir = folder();
        Files.writeString(dir.resolve("2026-11-20.yaml"), day(LocalDate.of(2026, 11, 19), "6848.50"));
        assertThatThrownBy(() -> MarketDataFiles.forDate(dir, AS_OF)).isInstanceOf(MarginParameterException.class)
                .hasMessage(dir.resolve("2026-11-20.yaml") + ": asOf: 2026-11-19 is not the date the file is named "
                        + "for (2026-11-20)");
    }

    @Test
    void aDatedFileIsCheckedAgainstItsSchema() throws IOException {
        Path dir = folder();
        Files.writeString(dir.resolve("2026-11-20.yaml"), day(AS_OF, "-1"));
        assertThatThrownBy(() -> MarketDataFiles.forDate(dir, AS_OF)).isInstanceOf(MarginParameterException.class)
                .hasMessageStartingWith(dir.resolve("2026-11-20.yaml") + ":")
                .hasMessageContaining("schema: $.riskFactors.EQ:SPX.price.value");
    }

    @Test
    void aFileNameEndingWithADateNamesItsDate() {
        assertThat(MarketDataFiles.dateOfName(Path.of("2026-11-20.yaml"))).contains(AS_OF);
        assertThat(MarketDataFiles.dateOfName(Path.of("x/market-data-2026-11-20.yaml"))).contains(AS_OF);
        assertThat(MarketDataFiles.dateOfName(Path.of("market-data.yaml"))).isEmpty();
        assertThat(MarketDataFiles.dateOfName(Path.of("2026-13-40.yaml"))).isEmpty();
    }

    /** A copy of {@code mappings/risk/} and an empty dated folder beside it. */
    private Path riskWithDatedMarketData() throws IOException {
        Path risk = Files.createDirectories(mappings.resolve("risk"));
        try (Stream<Path> s = Files.list(Path.of("mappings/risk"))) {
            for (Path f : s.toList()) {
                Files.copy(f, risk.resolve(f.getFileName()));
            }
        }
        folder();
        return risk;
    }

    /** Short 10 SPX calls on the fixtures' date: Reg T prices them off the S&amp;P 500 of the market data. */
    private static List<Position> spxCalls() {
        return List.of(position(product("EQUITY/INDEX_HIGH_CAP/LISTED_OPTION", "SPX", null, "EQ:SPX", 100,
                "SEC:INDEX_OPTION", AS_OF.plusDays(30), 6850.0, PutCall.CALL, Map.of()), -10, 132.0));
    }

    private static List<String> bases(Explain e, List<String> out) {
        out.add(e.basis());
        e.children().forEach(c -> bases(c, out));
        return out;
    }

    @Test
    void theMarginRunUsesTheFileOfTheBusinessDateItMargins() throws IOException {
        Path risk = riskWithDatedMarketData();
        Files.writeString(mappings.resolve("market-data/2026-11-19.yaml"), day(LocalDate.of(2026, 11, 19), "6700.00"));
        Files.writeString(mappings.resolve("market-data/2026-11-20.yaml"), day(AS_OF, "6848.50"));
        MarginEngine dated = MarginEngine.standard(MAPPINGS.taxonomy(), RiskParameters.load(risk));
        MarginReport r = dated.run("v1", spxCalls(), List.of());
        // the same requirement as with the single shipped file, each market value cited from the date's own file
        MarginReport single = MarginEngine.standard(MAPPINGS.taxonomy(), Fixtures.RISK).run("v1", spxCalls(),
                List.of());
        assertThat(r.accounts()).singleElement().satisfies(a -> {
            assertThat(a.siloedTotal()).isPositive().isEqualByComparingTo(single.accounts().get(0).siloedTotal());
            List<String> bases = new ArrayList<>();
            a.silos().forEach(s -> bases(s.explain(), bases));
            assertThat(String.join("\n", bases)).contains("price of EQ:SPX 6848.5 [").contains(
                    "market-data/2026-11-20.yaml#riskFactors.EQ:SPX.price").doesNotContain("2026-11-19");
        });
    }

    /** The reasons the run gave for the positions it could not margin. */
    private static List<String> unmargined(MarginReport r) {
        return r.accounts().stream().flatMap(a -> a.unmargined().stream()).map(Unmargined::reason).toList();
    }

    @Test
    void aDateWithoutItsFileIsMarginedWithoutMarketDataNamingTheDateAndTheFolder() throws IOException {
        Path risk = riskWithDatedMarketData();
        Files.writeString(mappings.resolve("market-data/2026-11-19.yaml"), day(LocalDate.of(2026, 11, 19), "6700.00"));
        MarginEngine dated = MarginEngine.standard(MAPPINGS.taxonomy(), RiskParameters.load(risk));
        Path folder = mappings.resolve("market-data").toAbsolutePath().normalize();
        // the calls need the S&P 500 of the day: listed as unmargined with the reason, the 19th's data never used;
        // a stock priced by its own report is margined
        MarginReport r = dated.run("v1", java.util.stream.Stream.concat(spxCalls().stream(),
                Stream.of(Fixtures.stock("NVDA", 100, 188.25))).toList(), List.of());
        assertThat(unmargined(r)).singleElement().asString().startsWith("no market data for the business date "
                + "2026-11-20: " + folder.resolve("2026-11-20.yaml") + " not found (one file per business date in "
                + folder).doesNotContain("6700");
        assertThat(r.accounts()).singleElement().satisfies(a -> assertThat(a.siloedTotal()).isPositive());
    }

    @Test
    void aFileWhoseAsOfIsNotItsNameStopsTheRun() throws IOException {
        Path risk = riskWithDatedMarketData();
        Files.writeString(mappings.resolve("market-data/2026-11-20.yaml"), day(LocalDate.of(2026, 11, 19), "6700.00"));
        MarginEngine dated = MarginEngine.standard(MAPPINGS.taxonomy(), RiskParameters.load(risk));
        assertThatThrownBy(() -> dated.run("v1", spxCalls(), List.of())).isInstanceOf(MarginParameterException.class)
                .hasMessageEndingWith("2026-11-20.yaml: asOf: 2026-11-19 is not the date the file is named for "
                        + "(2026-11-20)");
    }

    @Test
    void aMarketDataFileAmongTheRulebookFilesIsRefusedAndAMissingFolderNamedAtTheRun() throws IOException {
        Path risk = riskWithDatedMarketData();
        Path folder = mappings.resolve("market-data").toAbsolutePath().normalize();
        Files.copy(SHIPPED, risk.resolve("market-data.yaml"));
        assertThatThrownBy(() -> RiskParameters.load(risk)).isInstanceOf(MarginParameterException.class)
                .hasMessage(risk.resolve("market-data.yaml") + ": market data is not a rulebook parameter file: put "
                        + "each business date's closing data in " + folder + " as YYYY-MM-DD.yaml");
        Files.delete(risk.resolve("market-data.yaml"));
        Files.delete(folder);
        MarginEngine none = MarginEngine.standard(MAPPINGS.taxonomy(), RiskParameters.load(risk));
        assertThat(unmargined(none.run("v1", spxCalls(), List.of()))).singleElement().asString().startsWith(
                "no market data for the business date 2026-11-20: " + folder.resolve("2026-11-20.yaml") + " not found");
    }

    @Test
    void everyRulebookFileCarriesItsSourceAndEffectiveDate() {
        RiskParameters p = Fixtures.RISK;
        assertThat(p.provenance().keySet()).containsExactlyInAnyOrder("accounts.yaml", "collateral.yaml",
                "customers.yaml", "event.yaml", "harmonized.yaml", "reg-t.yaml", "schedule.yaml", "sec-pm.yaml",
                "span.yaml");
        assertThat(p.provenance("reg-t.yaml")).contains(new Provenance("risk/reg-t.yaml",
                "12 CFR 220 (Regulation T); FINRA Rule 4210; Cboe Margin Manual (strategy-based margin)",
                LocalDate.of(2026, 11, 20)));
        assertThat(p.provenance().values()).allSatisfy(v -> assertThat(v.source()).isNotBlank());
    }
}
