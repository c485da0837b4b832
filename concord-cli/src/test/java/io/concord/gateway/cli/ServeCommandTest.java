package io.concord.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code concord serve} refusing to start: the reason, and no secret in it. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void aLedgerItCannotReachIsReportedWithThePasswordMasked() throws Exception {
        Path config = Files.writeString(dir.resolve("serve.yaml"), "port: 1\nledgerUrl: "
                + "\"jdbc:postgresql://concord:s3cr3t@127.0.0.1:1/ledger?password=other\"\nledgerPassword: pa55\n");
        CliRun run = CliRun.of("serve", "--config", config.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("concord:***@127.0.0.1:1/ledger").doesNotContain("s3cr3t", "other", "pa55");
        assertThat(run.out()).doesNotContain("s3cr3t", "other", "pa55");
    }

    @Test
    void anAddressBeyondLoopbackWithoutTlsOrWithADemoKeyIsRefused() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.yaml"), "host: 0.0.0.0\nport: 1\n");
        CliRun run = CliRun.of("serve", "--config", plain.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("refusing to listen on 0.0.0.0").contains("tls");

        Path demo = Files.writeString(dir.resolve("demo.yaml"), Files.readString(Path.of("config/serve.example.yaml"))
                .replace("host: 127.0.0.1", "host: 0.0.0.0\nallowPlainHttp: true"));
        CliRun refused = CliRun.of("serve", "--config", demo.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("demo keys").contains("hudson");
    }
}
