package io.concord.report;

import io.concord.margin.AccountMargin;
import io.concord.margin.Explain;
import io.concord.margin.MarginReport;
import io.concord.margin.collateral.CollateralSummary;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writing is validating: a margin report that does not conform to its XSD is refused and leaves no file. */
class XmlDocumentTest {

    @TempDir
    Path tmp;

    private static MarginReport reportOf(String firm, BigDecimal total) {
        AccountMargin a = new AccountMargin(firm, "ACC-1", SegregationClass.CFTC_4D_FUT,
                List.of(new AccountMargin.SiloMargin("CFTC_SPAN", total,
                        new Explain("CFTC_SPAN requirement", total, "largest scenario loss", List.of()))),
                total, new CollateralSummary(BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2), List.of()),
                total.negate(), List.of(), null);
        return new MarginReport(LocalDate.of(2026, 11, 20), "sha256:1", "sha256:2", null, List.of(a), List.of());
    }

    @Test
    void aConformingReportIsWrittenPerFirm() {
        String lei = "5493007MERIDIANFUT65";
        assertThat(MarginReportXml.write(reportOf(lei, new BigDecimal("1250.50")), tmp))
                .containsOnlyKeys(lei);
        assertThat(tmp.resolve(lei).resolve("margin-report.xml")).content()
                .contains("<SiloedTotal>1250.50</SiloedTotal>", "<ExcessDeficit>-1250.50</ExcessDeficit>");
    }

    @Test
    void aReportThatBreaksItsSchemaIsRefusedAndLeavesNoFile() {
        String lei = "5493007MERIDIANFUT65";
        // the schema's amounts are USD cents: three decimals do not conform
        assertThatThrownBy(() -> MarginReportXml.write(reportOf(lei, new BigDecimal("1250.505")), tmp))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("margin-report.xml does not conform to its schema")
                .hasMessageContaining("1250.505");
        assertThat(tmp.resolve(lei).resolve("margin-report.xml")).doesNotExist();
    }
}
