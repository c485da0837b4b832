package io.concord.book;

import io.concord.TestMappings;
import io.concord.feed.FeedFormats;
import io.concord.feed.FeedParser;
import io.concord.feed.ParserTestSupport;
import io.concord.feed.RecordBatch;
import io.concord.feed.crif.CrifParser;
import io.concord.feed.fixml.AcctSumRptParser;
import io.concord.mapping.NormalizedBatch;
import io.concord.mapping.Normalizer;
import io.concord.model.CollateralLine;
import io.concord.model.Sensitivity;
import io.concord.testing.TestLines;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state rule for collateral lines and CRIF rows in a run ({@code process}), the ledger and the bus workers: a
 * later submission's rows replace an earlier submission's rows of the same key, the rows of one submission are all
 * kept, and what stands stays in arrival order. On the fixtures: {@code fixtures/bad/acctsum-bad-collateral.xml}
 * restates one of the CME clearing report's HUDSON house lines (USD cash, initial margin, posted) and adds one of
 * its own; {@code fixtures/bad/crif-bad-rows.csv} restates the HUDSON portfolio {@code NS-HUD-GSI-01}.
 */
class KeyedRowsTest {

    private static NormalizedBatch normalized(String file, FeedParser parser) throws Exception {
        Path p = Path.of(file);
        return new Normalizer(TestMappings.SHIPPED).normalize(new RecordBatch(FeedFormats.describe(p, parser.id()), 1,
                true, ParserTestSupport.parse(parser, p)));
    }

    @Test
    void aLaterFilesLineReplacesTheEarlierLinesOfItsKeyAndNothingElse() throws Exception {
        List<CollateralLine> cme = normalized("fixtures/cftc/acctsum-cme-2026-11-20.xml", new AcctSumRptParser())
                .collateral();
        List<CollateralLine> later = normalized("fixtures/bad/acctsum-bad-collateral.xml", new AcctSumRptParser())
                .collateral();
        List<String> laterKeys = later.stream().map(CollateralLine::stateKey).toList();
        List<CollateralLine> restated = cme.stream().filter(l -> laterKeys.contains(l.stateKey())).toList();
        assertThat(restated).as("the fixture restates exactly one CME line").hasSize(1);

        KeyedRows<CollateralLine> rows = KeyedRows.collateral();
        rows.addAll(cme.subList(0, 2));
        rows.addAll(cme.subList(2, cme.size())); // one submission in two batches: nothing of it replaced
        assertThat(rows.rows()).containsExactlyElementsOf(cme);

        rows.addAll(later);
        List<CollateralLine> expected = new ArrayList<>(cme);
        expected.removeAll(restated);
        expected.addAll(later);
        assertThat(rows.rows()).as("the restated line gone, the rest in arrival order").containsExactlyElementsOf(expected);
        assertThat(rows.size()).isEqualTo(cme.size() + later.size() - 1);

        rows.removeSubmission(later.get(0).lineage().submissionId());
        assertThat(rows.rows()).as("a superseded submission leaves; the line it replaced does not come back")
                .containsExactlyElementsOf(cme.stream().filter(l -> !restated.contains(l)).toList());
    }

    @Test
    void linesOfOneSubmissionThatShareAKeyAreAllKept() throws Exception {
        List<CollateralLine> cme = normalized("fixtures/cftc/acctsum-cme-2026-11-20.xml", new AcctSumRptParser())
                .collateral();
        CollateralLine first = cme.get(0);
        CollateralLine twin = TestLines.restated(first, first.lineage().submissionId(), 99, new BigDecimal("1250000"));
        CollateralLine elsewhere = TestLines.restated(first, "acctsum-next-0001", 1, new BigDecimal("980000"));
        KeyedRows<CollateralLine> rows = KeyedRows.collateral();
        rows.addAll(List.of(first, cme.get(1), twin));
        assertThat(rows.rows()).containsExactly(first, cme.get(1), twin);
        rows.addAll(List.of(elsewhere));
        assertThat(rows.rows()).as("both lines of the key replaced by the next submission's one")
                .containsExactly(cme.get(1), elsewhere);
    }

    @Test
    void aLaterFilesCrifRowsReplaceTheirWholePortfolioAndNoOther() throws Exception {
        List<Sensitivity> hudson = normalized("fixtures/crif/crif-hudson-2026-11-20.csv", new CrifParser())
                .sensitivities();
        List<Sensitivity> meridian = normalized("fixtures/crif/crif-meridian-2026-11-20.tsv", new CrifParser())
                .sensitivities();
        List<Sensitivity> again = normalized("fixtures/bad/crif-bad-rows.csv", new CrifParser()).sensitivities();
        KeyedRows<Sensitivity> rows = KeyedRows.sensitivities();
        rows.addAll(hudson);
        rows.addAll(meridian);
        rows.addAll(again);
        List<String> restated = again.stream().map(Sensitivity::portfolioKey).distinct().toList();
        List<Sensitivity> expected = new ArrayList<>(hudson.stream()
                .filter(s -> !restated.contains(s.portfolioKey())).toList());
        expected.addAll(meridian);
        expected.addAll(again);
        assertThat(hudson.stream().filter(s -> restated.contains(s.portfolioKey())).count())
                .as("rows the later file replaces").isGreaterThan(again.size());
        assertThat(rows.rows()).containsExactlyElementsOf(expected);
    }
}
