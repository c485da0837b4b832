package io.concord.gateway.cli;

import io.concord.gateway.runtime.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code process} warms the workbook libraries up on a thread of its own only when no input is a zip: an xlsx
 * feed's reader initialises the same OOXML classes, which are not safe to initialise from two threads at once.
 */
class ProcessWarmUpTest {

    @TempDir
    Path tmp;

    @Test
    void anXlsxInputAnywhereInTheRunIsFoundByItsContent() throws Exception {
        // the collateral fixture is an xlsx workbook; copied without its extension it is still found
        Path renamed = Files.copy(Path.of("fixtures/collateral/collateral-northstar-2026-11-20.xlsx"),
                tmp.resolve("collateral-without-extension"));
        Path empty = Files.createFile(tmp.resolve("empty.csv"));
        List<Path> csv = Gateway.expand(List.of(Path.of("fixtures/sec")));
        assertThat(csv).isNotEmpty();
        assertThat(ProcessCommand.anyZip(csv)).isFalse();
        assertThat(ProcessCommand.anyZip(List.of(empty))).isFalse();
        assertThat(ProcessCommand.anyZip(List.of(csv.get(0), renamed, empty))).isTrue();
        assertThat(ProcessCommand.anyZip(Gateway.expand(List.of(Path.of("fixtures/collateral"))))).isTrue();
    }
}
