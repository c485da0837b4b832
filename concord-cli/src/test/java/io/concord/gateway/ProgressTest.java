package io.concord.gateway;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The terminal's progress line, and its silence when there is no terminal. */
class ProgressTest {

    @Test
    void progressLineGivesDoneTotalRateAndTimeLeft() {
        assertThat(Progress.line("csv pipeline", 250_000, 1_000_000, 2.0))
                .isEqualTo("csv pipeline: 250,000 / 1,000,000 records, 125,000 records/s, ETA 6 s");
        assertThat(Progress.line("csv pipeline", 1_000_000, 1_000_000, 4.0)).doesNotContain("ETA");
        assertThat(Progress.line("margin pass", 30, 120, "accounts", 3.0))
                .isEqualTo("margin pass: 30 / 120 accounts, 10 accounts/s, ETA 9 s");
    }

    @Test
    void aRunSaysWhatItReadsThenWhatItMargins() {
        // 40 of 100 MB read in 2 s, 400,000 records so far: 20 MB/s, so 3 s left
        assertThat(ProcessRun.progressLine(100_000_000, 40_000_000, 400_000, 2.0, 0, 0, 0))
                .isEqualTo("reading: 40.0 / 100.0 MB, 400,000 records, 200,000 records/s, ETA 3 s");
        assertThat(ProcessRun.progressLine(100_000_000, 100_000_000, 1_000_000, 50.0, 1_000_000, 0, 0))
                .isEqualTo("read 100.0 MB, 1,000,000 records; booking, then the margin pass");
        // the margin pass: 250,000 of the 1,000,000 accepted positions margined in 5 s, so 15 s left at most
        assertThat(ProcessRun.progressLine(100_000_000, 100_000_000, 1_000_000, 50.0, 1_000_000, 250_000, 5.0))
                .isEqualTo("margin pass: 250,000 / 1,000,000 positions, 50,000 positions/s, ETA 15 s");
    }

    @Test
    void withoutATerminalProgressPrintsNothing() {
        // surefire's forked JVM has no console: the reporter must not start
        assertThat(System.console()).isNull();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured));
        try (Progress p = Progress.start("x", 10, () -> 5)) {
            assertThat(p).isNotNull();
        } finally {
            System.setErr(err);
        }
        assertThat(captured.size()).isZero();
    }
}
