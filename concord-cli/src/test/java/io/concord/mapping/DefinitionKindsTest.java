package io.concord.mapping;

import io.concord.TestMappings;
import io.concord.feed.FeedFormats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Positions and collateral lines are matched against their own definitions (collateral definitions are those
 * with a COLLATERAL/... taxonomy code), so only definitions of one kind can be ambiguous with each other.
 */
class DefinitionKindsTest {

    @TempDir
    Path tmp;

    private static final List<String> FEEDS = FeedFormats.standard().ids();

    private static final String USD_CASH = """
            id: %s
            version: 1
            status: ACTIVE
            description: US dollar cash posted as margin
            match:
              feed: sec-bd-positions
              securityType: %s
            product:
              taxonomy: COLLATERAL/CASH/USD
              riskFactor: CCY:USD
              multiplier: 1
              currency: USD
              marginKey: COLLATERAL:CASH:USD
            examples:
              - given: {feed: sec-bd-positions, securityType: %s}
                expect: {taxonomy: COLLATERAL/CASH/USD, regime: COLLATERAL_ASSET}
            """;

    @Test
    void aCollateralDefinitionNeverCompetesWithAPositionDefinition() throws IOException {
        Path dir = TestMappings.copyShipped(tmp);
        // same attributes as us-common-stock's example, but a collateral definition
        Files.writeString(dir.resolve("products/cash-usd.yaml"), USD_CASH.formatted("cash-usd", "CS", "CS"));
        assertThat(MappingLint.lint(dir, FEEDS)).isEmpty();
        MappingSet set = MappingSet.load(dir);
        assertThat(ExampleRunner.run(set)).allSatisfy(o -> assertThat(o.passed()).as(o.toString()).isTrue());

        Normalizer n = new Normalizer(set);
        Map<String, String> attrs = Map.of("feed", "sec-bd-positions", "securityType", "CS", "symbol", "MSFT");
        assertThat(n.candidates(attrs, false)).extracting(ProductDefinition::id).containsExactly("us-common-stock");
        assertThat(n.candidates(attrs, true)).extracting(ProductDefinition::id).containsExactly("cash-usd");
        assertThat(new Explainer(n).explain(attrs, true).product().product().taxonomy())
                .isEqualTo("COLLATERAL/CASH/USD");
    }

    @Test
    void twoCollateralDefinitionsThatMatchOneLineAreAmbiguous() throws IOException {
        Path dir = TestMappings.copyShipped(tmp);
        Files.writeString(dir.resolve("products/cash-usd.yaml"), USD_CASH.formatted("cash-usd", "CASH", "CASH"));
        Files.writeString(dir.resolve("products/cash-usd-2.yaml"), USD_CASH.formatted("cash-usd-2", "CASH", "CASH"));
        assertThat(MappingLint.lint(dir, FEEDS)).singleElement().satisfies(p -> assertThat(p.message())
                .startsWith("ambiguous: 'cash-usd-2' and 'cash-usd'"));
    }

    @Test
    void aPlaceholderMayNameADottedTermAttribute() throws IOException {
        Path dir = TestMappings.copyShipped(tmp);
        // an event contract's risk factor is its event ticker, carried as term.event
        Files.writeString(dir.resolve("products/event-binary.yaml"), """
                id: event-binary
                version: 1
                status: ACTIVE
                description: Binary YES/NO event contract, $1 payout
                match:
                  feed: cftc-fixml-posrpt
                  securityType: EVENT
                product:
                  taxonomy: EVENT/BINARY/CONTRACT
                  riskFactor: "EVENT:{term.event}"
                  multiplier: 1
                  currency: USD
                  marginKey: EVENT:BINARY
                examples:
                  - given: {feed: cftc-fixml-posrpt, securityType: EVENT, term.event: KXCPIYOY-26NOV, term.side: "YES"}
                    expect: {riskFactor: EVENT:KXCPIYOY-26NOV, term.side: "YES", term.event: KXCPIYOY-26NOV}
                """);
        assertThat(MappingLint.lint(dir, FEEDS)).isEmpty();
        assertThat(ExampleRunner.run(MappingSet.load(dir))).allSatisfy(o -> assertThat(o.passed()).as(o.toString())
                .isTrue());
    }
}
