package io.concord.gateway.serve;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Credentials never printed: URLs and the configuration dump. */
class RedactTest {

    @Test
    void passwordsAndTokensInUrlsAreMasked() {
        assertThat(Redact.url("jdbc:postgresql://concord:s3cr3t@db.internal:5432/ledger?ssl=true"))
                .isEqualTo("jdbc:postgresql://concord:***@db.internal:5432/ledger?ssl=true");
        assertThat(Redact.url("jdbc:postgresql://db:5432/ledger?user=concord&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/ledger?user=concord&password=***&ssl=true");
        assertThat(Redact.url("jdbc:h2:file:./data/ledger;USER=sa;PASSWORD=s3cr3t;CIPHER=AES"))
                .isEqualTo("jdbc:h2:file:./data/ledger;USER=sa;PASSWORD=***;CIPHER=AES");
        assertThat(Redact.url("jdbc:sqlserver://db:1433;databaseName=ledger;password=s3cr3t"))
                .isEqualTo("jdbc:sqlserver://db:1433;databaseName=ledger;password=***");
        assertThat(Redact.url("HTTP operation failed invoking https://feed:tok3n@up.example/f.csv?api_key=abc&x=1 "
                + "with statusCode: 503"))
                .isEqualTo("HTTP operation failed invoking https://feed:***@up.example/f.csv?api_key=***&x=1 "
                        + "with statusCode: 503");
        assertThat(Redact.url("jdbc:h2:file:./data/ledger")).isEqualTo("jdbc:h2:file:./data/ledger");
        assertThat(Redact.url("https://up.example/feeds/ltr80.txt?date=2026-11-20"))
                .isEqualTo("https://up.example/feeds/ltr80.txt?date=2026-11-20");
    }

    @Test
    void theConfigurationDumpShowsNoSecret() {
        String hash = Principal.hash("a-key");
        ServeConfig c = new ServeConfig("127.0.0.1", 8480, 0, null, null, null,
                "jdbc:postgresql://concord:s3cr3t@db:5432/ledger?password=other", "concord", "pa55word",
                List.of(new Principal("hudson", Principal.Role.FIRM, List.of(), hash)))
                .withTls(new ServeConfig.Tls(null, null, Path.of("server.p12"), "st0re"), false);
        assertThat(c.toString()).doesNotContain("s3cr3t", "other", "pa55word", "st0re", hash.substring(7))
                .contains("concord:***@db", "hudson(FIRM)", "server.p12");
    }
}
