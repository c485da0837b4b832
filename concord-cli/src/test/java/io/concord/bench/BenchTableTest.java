package io.concord.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The README's performance table: every target wherever a run's JSON holds it, and only between the markers. */
class BenchTableTest {

    @TempDir
    Path tmp;

    @Test
    void rendersEveryTargetOfEveryRunInFileOrderOnce() throws IOException {
        // the shapes the three runs write: the main run under report.targets, --scaling at the top, --serve twice
        Files.writeString(tmp.resolve("bench.json"), """
                {"machine": "2 cores", "report": {"loadAverage": 1.26, "targets": [
                  {"target": "CSV >= 70% of the floor", "measured": "22 %", "met": false},
                  {"target": "a | in a target", "measured": "1.0 s", "met": true}]}}""");
        Files.writeString(tmp.resolve("serve.json"), """
                {"serve": {"h2": {"targets": [{"target": "commit <= 60 s", "measured": "43 s", "met": true}]}},
                 "gatewayTargets": [{"target": "commit <= 60 s", "measured": "43 s", "met": true}]}""");
        String table = BenchTable.render(tmp);
        assertThat(table.lines().filter(l -> l.startsWith("| `")).toList()).containsExactly(
                "| `bench` | CSV >= 70% of the floor | 22 % | **no** |",
                "| `bench` | a \\| in a target | 1.0 s | yes |",
                "| `serve` | commit <= 60 s | 43 s | yes |");
        assertThat(table).contains("`bench` (load average 1.3 at the start) on 2 cores; `serve` on an unnamed machine.");
    }

    @Test
    void namesEachMachineOnceWithTheRunsMeasuredOnIt() throws IOException {
        Files.writeString(tmp.resolve("bench.json"), """
                {"machine": "2 cores", "report": {"loadAverage": 2.9, "targets": [
                  {"target": "t1", "measured": "m1", "met": true}]}}""");
        Files.writeString(tmp.resolve("scaling.json"), """
                {"machine": "2 cores", "targets": [{"target": "t2", "measured": "m2", "met": true}]}""");
        Files.writeString(tmp.resolve("serve.json"), """
                {"machine": "2 cores", "gatewayTargets": [{"target": "t3", "measured": "m3", "met": false}]}""");
        assertThat(BenchTable.render(tmp)).endsWith(
                "\n`bench` (load average 2.9 at the start), `scaling` and `serve` on 2 cores.\n");
    }

    @Test
    void refusesAFolderWithoutResultsAndAResultWithoutTargets() throws IOException {
        assertThatThrownBy(() -> BenchTable.render(tmp)).hasMessageContaining("no bench results");
        Files.writeString(tmp.resolve("x.json"), "{\"machine\": \"m\"}");
        assertThatThrownBy(() -> BenchTable.render(tmp)).hasMessageContaining("x.json: no targets");
    }

    @Test
    void replacesOnlyTheBlockBetweenTheMarkers() {
        String readme = "# R\n\n" + BenchTable.BEGIN + "\nold table\n" + BenchTable.END + "\n\n## Next\n";
        String out = BenchTable.replace(readme, "| new |\n");
        assertThat(out).isEqualTo("# R\n\n" + BenchTable.BEGIN + "\n| new |\n" + BenchTable.END + "\n\n## Next\n");
        assertThat(BenchTable.block(out)).isEqualTo("| new |\n");
        assertThatThrownBy(() -> BenchTable.replace("# R\n", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
