package io.concord.margin;

import io.concord.margin.engine.RiskParameters;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RiskParametersTest {

    @TempDir
    Path dir;

    private Path copy() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("mappings/risk"))) {
            for (Path f : s.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private void edit(String file, String from, String to) throws IOException {
        Path f = dir.resolve(file);
        String s = Files.readString(f);
        assertThat(s).contains(from);
        Files.writeString(f, s.replace(from, to));
    }

    @Test
    void shippedParametersLoad() {
        RiskParameters p = RiskParameters.load(Path.of("mappings/risk"));
        assertThat(p.version()).matches("sha256:[0-9a-f]{16}");
        assertThat(p.portfolioMargin().ranges()).containsKeys("STANDARD", "HIGH_CAP_INDEX", "BROAD_INDEX");
        assertThat(p.span().scenarios()).hasSize(16);
        assertThat(p.collateral().bySegregationClass()).hasSize(SegregationClass.values().length);
        assertThat(p.approvals().approval("549300HUDSONCLR0RG39", "XM-2001")).isNotNull();
    }

    @Test
    void aValueWithoutItsSourceIsRejectedWithFileAndKey() throws IOException {
        copy();
        edit("sec-pm.yaml", "minimumPerContract: {value: 0.375, source: \"FINRA Rule 4210(g)(2)(F)(ii): $0.375 x the "
                + "multiplier per option or security-future contract\"}", "minimumPerContract: {value: 0.375}");
        assertThatThrownBy(() -> RiskParameters.load(dir)).isInstanceOf(MarginParameterException.class)
                .hasMessage(dir.resolve("sec-pm.yaml") + ":32: schema: $.minimumPerContract: required property 'source' not found");
    }

    @Test
    void anUnknownRangeNameIsRejected() throws IOException {
        copy();
        edit("sec-pm.yaml", "EQUITY/INDEX_BROAD: {range: BROAD_INDEX", "EQUITY/INDEX_BROAD: {range: BROAD");
        assertThatThrownBy(() -> RiskParameters.load(dir)).isInstanceOf(MarginParameterException.class)
                .hasMessage(dir.resolve("sec-pm.yaml") + ": families.EQUITY/INDEX_BROAD.range: 'BROAD' is not one of "
                        + "scanRanges [STANDARD, HIGH_CAP_INDEX, BROAD_INDEX]");
    }

    @Test
    void aNumberThatIsTextAndAMissingClassAreRejected() throws IOException {
        copy();
        edit("schedule.yaml", "grossWeight: {value: 0.4,", "grossWeight: {value: forty,");
        assertThatThrownBy(() -> RiskParameters.load(dir)).hasMessage(dir.resolve("schedule.yaml")
                + ":19: schema: $.grossWeight.value: string found, number expected");
        copy2();
        edit("collateral.yaml", "  XM: DCO\n", "");
        assertThatThrownBy(() -> RiskParameters.load(dir)).hasMessage(dir.resolve("collateral.yaml")
                + ":82: schema: $.segregationClasses: required property 'XM' not found");
    }

    private void copy2() throws IOException {
        Files.copy(Path.of("mappings/risk/schedule.yaml"), dir.resolve("schedule.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        copy();
        Files.delete(dir.resolve("span.yaml"));
        assertThatThrownBy(() -> RiskParameters.load(dir)).hasMessage(dir.resolve("span.yaml")
                + ": not found (risk parameters live in <mappings>/risk/)");
    }
    @Test
    void longTermMonthsMustBeWholeMonths() throws IOException {
        copy();
        edit("reg-t.yaml", "longTermMonths: {value: 9,", "longTermMonths: {value: 9.5,");
        assertThatThrownBy(() -> RiskParameters.load(dir)).isInstanceOf(MarginParameterException.class)
                .hasMessage(dir.resolve("reg-t.yaml") + ":32: schema: $.longOption.longTermMonths.value: number found, "
                        + "integer expected");
    }
}
