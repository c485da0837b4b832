package io.concord.mapping;

import io.concord.TestMappings;
import io.concord.feed.FeedFormats;
import io.concord.gateway.runtime.Gateway;
import io.concord.mapping.Coverage.FeedCounts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Coverage of the fixtures by the shipped mappings, held to the committed ratchet file. */
class CoverageTest {

    private static Coverage.Report fixtures() throws IOException {
        return Coverage.measure(TestMappings.SHIPPED, FeedFormats.standard(), null,
                Gateway.expand(List.of(Path.of("fixtures"))));
    }

    @Test
    void coverageOfTheFixturesMatchesTheCommittedRatchet() throws IOException {
        List<String> diffs = Coverage.compare(Coverage.read(Path.of("mappings/coverage.json")), fixtures().feeds());
        assertThat(diffs).as("coverage of fixtures/ differs from mappings/coverage.json; if the change is "
                + "deliberate: ./concord mappings coverage --update mappings/coverage.json fixtures").isEmpty();
    }

    @Test
    void everyRecordIsCountedOnceAndTheUnmappedProductsAreListed() throws IOException {
        Coverage.Report r = fixtures();
        assertThat(r.feeds()).isNotEmpty().allSatisfy((feed, c) -> assertThat(c.records()).as(feed)
                .isEqualTo(c.mapped() + c.unmapped() + c.ambiguous() + c.rejected() + c.sensitivities()));
        // the shipped mappings leave CME ether futures and the iShares Russell 2000 ETF (IWM) unmapped on purpose
        assertThat(r.unmappedProducts().get("cftc-fixml-posrpt")).hasSize(1).hasKeySatisfying(
                new org.assertj.core.api.Condition<>(k -> k.contains("contractCode=ETH"), "ETH futures"));
        assertThat(r.unmappedProducts().get("sec-bd-positions")).hasSize(1).hasKeySatisfying(
                new org.assertj.core.api.Condition<>(k -> k.contains("cusip=464287655"), "IWM"));
    }

    @Test
    void aDropFailsAndARiseMustBeRecorded() {
        FeedCounts recorded = new FeedCounts(23, 16, 1, 0, 6, 0);
        assertThat(Coverage.compare(Map.of("f", recorded), Map.of("f", recorded))).isEmpty();
        assertThat(Coverage.compare(Map.of("f", recorded), Map.of("f", new FeedCounts(23, 15, 2, 0, 6, 0))))
                .containsExactly("f: coverage dropped from 16 mapped, 1 unmapped, 0 ambiguous of 23 records to "
                        + "15 mapped, 2 unmapped, 0 ambiguous of 23 records");
        // two definitions now match one record: it is not mapped any more
        assertThat(Coverage.compare(Map.of("f", recorded), Map.of("f", new FeedCounts(23, 15, 1, 1, 6, 0))))
                .singleElement().asString().contains("dropped");
        assertThat(Coverage.compare(Map.of("f", recorded), Map.of("f", new FeedCounts(23, 17, 0, 0, 6, 0))))
                .singleElement().asString().contains("changed").endsWith("record it");
        assertThat(Coverage.compare(Map.of("f", recorded), Map.of())).singleElement().asString()
                .contains("no longer measured");
        assertThat(Coverage.compare(Map.of(), Map.of("g", recorded))).singleElement().asString()
                .startsWith("g: not in the coverage file");
    }
}
