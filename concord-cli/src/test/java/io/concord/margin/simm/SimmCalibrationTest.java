package io.concord.margin.simm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The calibration data file: complete for both horizons, every table citing its source, shapes checked. */
class SimmCalibrationTest {

    static final Path FILE = SimmKnownAnswerTest.CALIBRATION;

    @Test
    void loadsForBothHorizons() throws IOException {
        SimmParameters ten = SimmParameters.load(FILE, Horizon.TEN_DAY);
        SimmParameters one = SimmParameters.load(FILE, Horizon.ONE_DAY);
        assertThat(ten.version()).isEqualTo("2.5");
        assertThat(ten.methodology()).contains("2 December 2022");
        assertThat(ten.ir().riskWeights("USD")[0]).isEqualTo(115);
        assertThat(one.ir().riskWeights("USD")[0]).isEqualTo(19);
        assertThat(ten.equity().riskWeight().get("1")).isEqualTo(26);
        assertThat(one.equity().riskWeight().get("1")).isEqualTo(9.3);
        assertThat(ten.ir().riskWeights("JPY")).isNotEqualTo(ten.ir().riskWeights("USD"));
        assertThat(ten.ir().riskWeights("BRL")).isSameAs(ten.ir().riskWeights("TRY")); // high-volatility group
        assertThat(ten.ir().deltaThreshold().get(ten.ir().liquidityGroup("USD"))).isGreaterThan(1e6);
        assertThat(ten.commodity().buckets()).hasSize(17);
        assertThat(ten.creditQ().riskWeight()).containsKey("Residual");
    }

    @Test
    void everyTableCitesItsSourceInTheMethodology() throws IOException {
        Map<String, JsonNode> tables = SimmParameters.tables(FILE);
        assertThat(tables.keySet()).contains("curvature", "crossRiskClass", "interestRate.riskWeights",
                "interestRate.correlations", "interestRate.concentration", "creditQualifying.riskWeights",
                "equity.correlations", "commodity.concentration", "fx.riskWeights", "fx.vega");
        tables.forEach((path, t) -> assertThat(t.get("source").asText()).as(path).matches("§ [A-Z].*"));
    }

    @Test
    void anAsymmetricMatrixIsRefusedWithItsPath(@TempDir Path dir) throws IOException {
        String text = Files.readString(FILE).replaceFirst("- \\[1.00, 0.29, 0.13, 0.28, 0.46, 0.32\\]",
                "- [1.00, 0.30, 0.13, 0.28, 0.46, 0.32]");
        Path bad = dir.resolve("simm-bad.yaml");
        Files.writeString(bad, text);
        assertThatThrownBy(() -> SimmParameters.load(bad, Horizon.TEN_DAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crossRiskClass.psi").hasMessageContaining("not symmetric");
    }

    @Test
    void aMissingHorizonValueIsRefused(@TempDir Path dir) throws IOException {
        String text = Files.readString(FILE).replace("baseCorrelation: {10d: 10, 1d: 2.5}", "baseCorrelation: {10d: 10}");
        Path bad = dir.resolve("simm-bad.yaml");
        Files.writeString(bad, text);
        assertThat(SimmParameters.load(bad, Horizon.TEN_DAY).creditQ().baseCorrRw()).isEqualTo(10);
        assertThatThrownBy(() -> SimmParameters.load(bad, Horizon.ONE_DAY))
                .hasMessageContaining("no 1d entry");
    }
}
