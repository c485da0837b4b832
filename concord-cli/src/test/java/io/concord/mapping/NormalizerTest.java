package io.concord.mapping;

import io.concord.TestMappings;
import io.concord.feed.SourcePosition;
import io.concord.model.Agency;
import io.concord.model.Lineage;
import io.concord.model.Position;
import io.concord.model.PutCall;
import io.concord.model.ReasonCode;
import io.concord.model.Regime;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NormalizerTest {

    private final Normalizer normalizer = new Normalizer(TestMappings.SHIPPED);

    @TempDir
    Path tmp;

    private static SourcePosition position(Map<String, String> attrs) {
        return new SourcePosition("549300LARKSPURSEC059", "C-1", SegregationClass.SEC_15C3_3_CUST, attrs,
                BigDecimal.TEN, BigDecimal.ZERO, null, new BigDecimal("100"), null, LocalDate.of(2026, 11, 20), null,
                ReportAction.NEW, Lineage.of("sec-bd-positions", "f.csv", 7, "line 8", "sub-1"));
    }

    @Test
    void mapsAnEsOptionOnFutureWithItsTermsAndLineage() {
        SourcePosition p = new SourcePosition("549300HUDSONCLR0RG39", "CUST-1001", SegregationClass.CFTC_4D_FUT,
                Map.of("feed", "cftc-fixml-posrpt", "exchange", "CME", "contractCode", "ES", "securityType", "OOF",
                        "maturity", "202612", "expiry", "2026-12-18", "strike", "6800", "putCall", "CALL",
                        "multiplier", "50"),
                BigDecimal.ZERO, new BigDecimal("30"), null, null, null, LocalDate.of(2026, 11, 20), null,
                ReportAction.NEW, Lineage.of("cftc-fixml-posrpt", "x.xml", 3, "/FIXML/Batch/PosRpt[3]", "sub"));

        Position out = normalizer.normalize(p).position();

        assertThat(out.product().taxonomy()).isEqualTo("EQUITY/INDEX_HIGH_CAP/OPTION_ON_FUTURE");
        assertThat(out.product().agency()).isEqualTo(Agency.CFTC);
        assertThat(out.product().regime()).isEqualTo(Regime.OPTION_ON_FUTURE);
        assertThat(out.product().riskFactor()).isEqualTo("EQ:SPX");
        assertThat(out.product().multiplier()).isEqualByComparingTo("50");
        assertThat(out.product().strike()).isEqualByComparingTo("6800");
        assertThat(out.product().putCall()).isEqualTo(PutCall.CALL);
        assertThat(out.product().expiry()).isEqualTo(LocalDate.of(2026, 12, 18));
        assertThat(out.netQty()).isEqualByComparingTo("-30");
        assertThat(out.lineage().mappingId()).isEqualTo("cme-es-option");
        assertThat(out.lineage().mappingVersion()).isEqualTo(2);
    }

    @Test
    void templatesTakeTheRiskFactorFromTheRecord() {
        Position out = normalizer.normalize(position(Map.of("feed", "sec-bd-positions", "securityType", "CS",
                "symbol", "MSFT", "cusip", "594918104", "currency", "USD"))).position();
        assertThat(out.product().riskFactor()).isEqualTo("EQ:MSFT");
        assertThat(out.product().agency()).isEqualTo(Agency.SEC);
    }

    @Test
    void nothingMatchingIsUnmappedNeverGuessed() {
        var r = normalizer.normalize(position(Map.of("feed", "sec-bd-positions", "securityType", "ETF",
                "cusip", "464287655", "symbol", "IWM")));
        assertThat(r.position()).isNull();
        assertThat(r.failure().code()).isEqualTo(ReasonCode.UNMAPPED_PRODUCT);
        assertThat(r.failure().location()).isEqualTo("line 8");
        assertThat(r.failure().attributes()).containsEntry("cusip", "464287655");
    }

    @Test
    void aTemplateNeedingAnAbsentAttributeIsRejected() {
        var r = normalizer.normalize(position(Map.of("feed", "sec-bd-positions", "securityType", "CS",
                "cusip", "594918104")));
        assertThat(r.failure().code()).isEqualTo(ReasonCode.MISSING_ATTRIBUTE);
        assertThat(r.failure().field()).isEqualTo("symbol");
    }

    @Test
    void aReportedMultiplierOrCurrencyThatContradictsTheDefinitionIsRejected() {
        var mult = normalizer.normalize(position(Map.of("feed", "cftc-fixml-posrpt", "exchange", "CME",
                "contractCode", "ES", "securityType", "FUT", "multiplier", "5")));
        assertThat(mult.failure().code()).isEqualTo(ReasonCode.MULTIPLIER_MISMATCH);
        var ccy = normalizer.normalize(position(Map.of("feed", "sec-bd-positions", "securityType", "CS",
                "symbol", "MSFT", "currency", "EUR")));
        assertThat(ccy.failure().code()).isEqualTo(ReasonCode.INCONSISTENT_VALUES);
    }

    @Test
    void twoMatchingDefinitionsAreAmbiguousAndNamed() throws IOException {
        Path dir = TestMappings.copyShipped(tmp);
        Files.writeString(dir.resolve("products/any-cs.yaml"), """
                id: any-cs
                version: 1
                status: ACTIVE
                description: common stock on any feed
                match:
                  securityType: CS
                product:
                  taxonomy: EQUITY/SINGLE_STOCK/CASH
                  riskFactor: "EQ:{symbol}"
                  multiplier: 1
                  currency: USD
                  marginKey: SEC:EQUITY
                examples:
                  - given: {feed: sec-bd-positions, securityType: CS, symbol: MSFT}
                    expect: {taxonomy: EQUITY/SINGLE_STOCK/CASH}
                """);
        var r = new Normalizer(MappingSet.load(dir)).normalize(position(Map.of("feed", "sec-bd-positions",
                "securityType", "CS", "symbol", "MSFT")));
        assertThat(r.failure().code()).isEqualTo(ReasonCode.AMBIGUOUS_PRODUCT);
        assertThat(r.failure().message()).contains("us-common-stock").contains("any-cs");
    }

    @Test
    void aDefinitionNamingAnUnknownTaxonomyCodeDoesNotLoad() throws IOException {
        Path dir = TestMappings.copyShipped(tmp);
        Files.writeString(dir.resolve("products/bad.yaml"), """
                id: bad
                version: 1
                status: ACTIVE
                description: names a taxonomy code that does not exist
                match: {securityType: XX}
                product: {taxonomy: EQUITY/NOPE/CASH, riskFactor: x, multiplier: 1, currency: USD, marginKey: k}
                examples: [{given: {securityType: XX}, expect: {riskFactor: x}}]
                """);
        assertThatThrownBy(() -> MappingSet.load(dir)).isInstanceOf(MappingException.class)
                .hasMessageContaining("bad.yaml").hasMessageContaining("EQUITY/NOPE/CASH");
    }

    @Test
    void theVersionIsAContentHashThatChangesWithAnyFile() throws IOException {
        Path dir = TestMappings.copyShipped(tmp);
        String before = MappingSet.load(dir).version();
        assertThat(before).isEqualTo(TestMappings.SHIPPED.version()).startsWith("sha256:");
        Files.writeString(dir.resolve("products/us-common-stock.yaml"),
                Files.readString(dir.resolve("products/us-common-stock.yaml")) + "# edited\n");
        assertThat(MappingSet.load(dir).version()).isNotEqualTo(before);
    }
}
