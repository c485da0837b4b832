package io.concord.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.concord.TestMappings;
import io.concord.model.Agency;
import io.concord.model.Regime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading mapping files: schema checks with file and line, and the taxonomy the issue asks for. */
class MappingSetTest {

    @TempDir
    Path tmp;

    private static List<String> enumIn(String schema, String pointer) throws IOException {
        JsonNode s = new ObjectMapper().readTree(Path.of("mappings/schema", schema).toFile());
        List<String> out = new ArrayList<>();
        s.at(pointer).forEach(v -> out.add(v.asText()));
        return out;
    }

    @Test
    void theSchemasAllowExactlyTheAgenciesAndRegimesTheCodeKnows() throws IOException {
        List<String> agencies = Arrays.stream(Agency.values()).map(Enum::name).toList();
        List<String> regimes = Arrays.stream(Regime.values()).map(Enum::name).toList();
        assertThat(enumIn("taxonomy.schema.json", "/$defs/productType/properties/agency/enum"))
                .containsExactlyElementsOf(agencies);
        assertThat(enumIn("taxonomy.schema.json", "/$defs/productType/properties/regime/enum"))
                .containsExactlyElementsOf(regimes);
        assertThat(enumIn("product.schema.json", "/properties/examples/items/properties/expect/properties/agency/enum"))
                .containsExactlyElementsOf(agencies);
    }

    @Test
    void theTaxonomyCoversEveryProductTheIssueLists() {
        var codes = TestMappings.SHIPPED.taxonomy().nodes().keySet();
        for (String family : List.of("SINGLE_STOCK", "ETF", "INDEX_HIGH_CAP", "INDEX_BROAD", "INDEX_NARROW")) {
            for (String type : List.of("CASH", "LISTED_OPTION", "FUTURE", "OPTION_ON_FUTURE", "SWAP", "SBS")) {
                assertThat(codes).contains("EQUITY/" + family + "/" + type);
            }
        }
        assertThat(codes).contains("RATES/GOVT/CASH_BOND_0_2Y", "RATES/GOVT/CASH_BOND_10Y_PLUS",
                "RATES/GOVT/TREASURY_FUTURE", "RATES/SOFR/FUTURE", "RATES/IRS/SWAP",
                "CREDIT/SINGLE_NAME/CDS", "CREDIT/INDEX/CDS", "CREDIT/MIXED/SWAP",
                "FX/G10/FORWARD", "FX/G10/SWAP", "FX/G10/FUTURE",
                "CRYPTO/BTC/FUTURE", "CRYPTO/BTC/OPTION_ON_FUTURE", "CRYPTO/BTC/SPOT_ETP",
                "CRYPTO/ETH/FUTURE", "CRYPTO/ETH/OPTION_ON_FUTURE", "CRYPTO/ETH/SPOT_ETP",
                "EVENT/BINARY/CONTRACT", "EVENT/BINARY/MUTUALLY_EXCLUSIVE",
                "COLLATERAL/CASH/USD", "COLLATERAL/TREASURY/BILL", "COLLATERAL/TREASURY/NOTE",
                "COLLATERAL/TREASURY/BOND", "COLLATERAL/MMF/SHARES", "COLLATERAL/EQUITY/SHARES",
                "COLLATERAL/GOLD/BULLION", "COLLATERAL/TOKENIZED/TREASURY", "COLLATERAL/TOKENIZED/MMF",
                "COLLATERAL/STABLECOIN/PAYMENT", "COLLATERAL/CRYPTO/BTC", "COLLATERAL/CRYPTO/ETH");
        for (String commodity : List.of("ENERGY", "AGRICULTURE", "METALS")) {
            for (String type : List.of("FUTURE", "OPTION_ON_FUTURE", "SWAP")) {
                assertThat(codes).contains("COMMODITY/" + commodity + "/" + type);
            }
        }
        assertThat(TestMappings.SHIPPED.taxonomy().nodes().values()).allSatisfy(n -> {
            assertThat(n.description()).isNotBlank();
            assertThat(n.silo()).isNotBlank();
        });
    }

    @Test
    void aTaxonomyNodeWithoutItsRegimeIsRefusedWithItsLine() throws IOException {
        Path dir = TestMappings.copyShipped(tmp);
        Path tax = dir.resolve("taxonomy.yaml");
        // SINGLE_STOCK/CASH's regime line, found by content so the test does not depend on the line number
        List<String> lines = Files.readAllLines(tax);
        int regime = lines.indexOf("          regime: SECURITY");
        lines.remove(regime);
        Files.write(tax, lines);
        MappingSet.Loaded loaded = MappingSet.read(dir);
        assertThat(loaded.set()).isEmpty();
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(tax.toString());
            assertThat(p.line()).isEqualTo(regime); // the node starts on the line before the removed one
            assertThat(p.message()).contains("$.EQUITY.families.SINGLE_STOCK.types.CASH")
                    .contains("required property 'regime' not found");
        });
    }

    @Test
    void yamlSyntaxErrorsAndDuplicateKeysNameTheirLine() throws IOException {
        Path dir = TestMappings.copyShipped(tmp);
        Path bad = dir.resolve("products/cme-nq-future.yaml");
        Files.writeString(bad, Files.readString(bad).replace("  contractCode: NQ\n", "  contractCode: NQ\n  feed: x\n"));
        assertThatThrownBy(() -> MappingSet.load(dir)).isInstanceOf(MappingException.class)
                .hasMessageContaining(bad + ":10: not valid YAML: Duplicate field 'feed'");

        Files.writeString(bad, "id: cme-nq-future\nmatch: {feed: [a, b}\n");
        assertThat(MappingSet.read(dir).problems()).singleElement()
                .satisfies(p -> assertThat(p.toString()).startsWith(bad + ":2: not valid YAML"));
    }

    @Test
    void anUnquotedCusipThatReadsAsANumberIsASchemaErrorNotASilentMismatch() throws IOException {
        Path dir = TestMappings.copyShipped(tmp);
        Path qqq = dir.resolve("products/invesco-qqq-etf.yaml");
        Files.writeString(qqq, Files.readString(qqq).replace("  cusip: \"46090E103\"", "  cusip: 46090E103"));
        assertThat(MappingSet.read(dir).problems()).singleElement().satisfies(p -> assertThat(p.toString())
                .isEqualTo(qqq + ":9: schema: $.match.cusip: number found, [string, array, object] expected"));
    }

    @Test
    void anAbsentConditionReadsFromYamlAndOnlyTrueIsAllowed() throws IOException {
        Path dir = TestMappings.copyShipped(tmp);
        Path stock = dir.resolve("products/us-common-stock.yaml");
        String text = Files.readString(stock);
        Files.writeString(stock, text.replace("  securityType: CS\n", "  securityType: CS\n  underlying: {absent: true}\n"));
        ProductDefinition d = MappingSet.load(dir).definitions().stream()
                .filter(x -> x.id().equals("us-common-stock")).findFirst().orElseThrow();
        assertThat(d.match().get("underlying").absent()).isTrue();
        assertThat(d.match().get("underlying")).hasToString("absent");

        Files.writeString(stock, text.replace("  securityType: CS\n", "  securityType: CS\n  underlying: {absent: false}\n"));
        assertThat(MappingSet.read(dir).problems()).isNotEmpty().allSatisfy(p -> assertThat(p.toString())
                .isEqualTo(stock + ":9: schema: $.match.underlying.absent: must be the constant value 'true'"));
    }

    @Test
    void anExampleIsRequired() throws IOException {
        Path dir = TestMappings.copyShipped(tmp);
        Path es = dir.resolve("products/cme-es-future.yaml");
        String text = Files.readString(es);
        Files.writeString(es, text.substring(0, text.indexOf("examples:")));
        assertThat(MappingSet.read(dir).problems()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("schema: $: required property 'examples' not found"));
    }
}
