package io.concord.gateway;

import io.concord.gateway.runtime.ConcordConfig;
import io.concord.gateway.runtime.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A firm's margin is its own: an option is priced off the underlying its own firm booked (else market data), never
 * off another firm's report, so what another firm reports (here a different settlement price for the same ES future,
 * from a firm whose LEI comes first in account order) changes neither the firm's margin nor its explains, which
 * never name another firm's file.
 */
class FirmMarginIndependenceTest {

    private static final String HUDSON = "549300HUDSONCLR0RG39";
    /** Hudson's FIXML: ES futures and options on them, the futures' settlement price 6852.25. */
    private static final Path HUDSON_POSRPT = Path.of("fixtures/cftc/posrpt-hudson-2026-11-20.xml");

    @TempDir
    Path tmp;

    @Test
    void anotherFirmsReportedPriceChangesNothingOfTheFirmsMargin() throws Exception {
        // Meridian (5493007MERIDIANFUT65 sorts before 549300HUDSONCLR0RG39) books the same ES 202612 future at
        // another settlement price
        String meridian = Files.readString(Path.of("fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml"));
        assertThat(meridian).contains("SetPx=\"6852.25\"");
        Path otherPrice = Files.writeString(tmp.resolve("posrpt-meridian-other-price.xml"),
                meridian.replace("SetPx=\"6852.25\"", "SetPx=\"6100.00\""));

        Path alone = run(tmp.resolve("alone"), List.of(HUDSON_POSRPT));
        Path beside = run(tmp.resolve("beside"), List.of(HUDSON_POSRPT, otherPrice));

        assertThat(Files.readString(beside.resolve("margin/margin.json"))).as("Meridian's future is margined")
                .contains("5493007MERIDIANFUT65");
        for (String file : List.of("margin.json", "margin-report.xml")) {
            Path mine = beside.resolve("reports").resolve(HUDSON).resolve(file);
            assertThat(mine).as(file).hasSameBinaryContentAs(alone.resolve("reports").resolve(HUDSON).resolve(file));
            assertThat(Files.readString(mine)).as(file + " names no other firm's file")
                    .contains("as booked from posrpt-hudson-2026-11-20.xml").doesNotContainIgnoringCase("meridian");
        }
    }

    private static Path run(Path out, List<Path> files) throws Exception {
        RunSummary s = Gateway.process(ConcordConfig.defaults(), Gateway.standardRun(out, null, Path.of("mappings"),
                null), files);
        assertThat(s.internalErrors()).isEmpty();
        assertThat(s.accepted()).isPositive();
        return out;
    }
}
