package io.concord.gateway.cli;

import io.concord.gateway.runtime.ConcordConfig;
import io.concord.gateway.serve.Principal;
import io.concord.gateway.serve.ServeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code concord keys new}: the key printed once, and an entry the serve configuration reads back. */
class KeysCommandTest {

    @TempDir
    Path dir;

    @Test
    void theEntryItPrintsLoadsAndMatchesTheKeyItPrintsAndNothingElse() throws Exception {
        CliRun run = CliRun.of("keys", "new", "--name", "hudson", "--role", "FIRM", "--lei", "549300HUDSONCLR0RG39");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = Arrays.stream(run.out().split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
        String key = lines.get(1);
        String entry = lines.get(3);
        assertThat(key).matches("[A-Za-z0-9_-]{43}");
        assertThat(entry).startsWith("- {name: hudson, role: FIRM, leis: [549300HUDSONCLR0RG39], keyHash: \"sha256:")
                .doesNotContain(key);

        Path config = Files.writeString(dir.resolve("serve.yaml"), "principals:\n  " + entry + "\n");
        Principal p = ConcordConfig.read(config, java.util.Map.of(), new java.util.Properties()).serve().principals().get(0);
        assertThat(p.name()).isEqualTo("hudson");
        assertThat(p.leis()).containsExactly("549300HUDSONCLR0RG39");
        assertThat(p.matches(key)).isTrue();
        assertThat(p.matches("hudson-demo-key")).isFalse();

        CliRun again = CliRun.of("keys", "new", "--name", "hudson", "--role", "FIRM", "--lei", "549300HUDSONCLR0RG39");
        assertThat(again.out()).doesNotContain(key); // a new key every time
    }

    @Test
    void aFirmWithoutAValidLeiOrALeiForAnotherRoleIsAUsageError() {
        assertThat(CliRun.of("keys", "new", "--name", "x", "--role", "FIRM").code()).isEqualTo(2);
        CliRun bad = CliRun.of("keys", "new", "--name", "x", "--role", "FIRM", "--lei", "549300HUDSONCLR0RG38");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("check digits");
        assertThat(CliRun.of("keys", "new", "--name", "r", "--role", "REGULATOR", "--lei", "549300HUDSONCLR0RG39")
                .code()).isEqualTo(2);
        assertThat(CliRun.of("keys", "new", "--name", "a b", "--role", "MAINTAINER").code()).isEqualTo(2);
        CliRun ok = CliRun.of("keys", "new", "--name", "cftc-dmo", "--role", "REGULATOR");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("- {name: cftc-dmo, role: REGULATOR, keyHash: \"sha256:");
    }
}
