package io.concord.gateway.serve;

import io.concord.gateway.runtime.ConcordConfig;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the gateway agrees to listen, and the example configuration. */
class ServeConfigTest {

    private static ServeConfig on(String host, List<Principal> principals) {
        return new ServeConfig(host, 8480, 0, null, null, null, null, null, null, principals);
    }

    private static final ServeConfig.Tls TLS = new ServeConfig.Tls(Path.of("c.pem"), Path.of("k.pem"), null, null);

    @Test
    void beyondLoopbackOnlyWithTlsOrExplicitPlainHttpAndNeverWithADemoKey() {
        Principal real = new Principal("hudson", Principal.Role.FIRM, List.of(), Principal.hash(Principal.newKey()));
        Principal demo = new Principal("reg", Principal.Role.REGULATOR, List.of(), Principal.hash("regulator-demo-key"));

        assertThat(on("127.0.0.1", List.of(real)).checkExposure()).isEmpty();
        assertThat(on("localhost", List.of(real)).checkExposure()).isEmpty();
        assertThat(on("::1", List.of(real)).checkExposure()).isEmpty();
        assertThatThrownBy(() -> on("0.0.0.0", List.of(real)).checkExposure())
                .hasMessageContaining("refusing to listen on 0.0.0.0").hasMessageContaining("configure tls");
        assertThat(on("0.0.0.0", List.of(real)).withTls(TLS, false).checkExposure()).isEmpty();
        assertThat(on("0.0.0.0", List.of(real)).withTls(null, true).checkExposure()).singleElement().asString()
                .contains("plain HTTP on 0.0.0.0");

        assertThat(on("127.0.0.1", List.of(real, demo)).checkExposure()).singleElement().asString()
                .contains("[reg]").contains("demo keys");
        assertThatThrownBy(() -> on("0.0.0.0", List.of(real, demo)).withTls(TLS, false).checkExposure())
                .hasMessageContaining("[reg]").hasMessageContaining("demo keys");
    }

    @Test
    void tlsTakesPemOrPkcs12() {
        assertThatThrownBy(() -> new ServeConfig.Tls(Path.of("c.pem"), null, null, null))
                .hasMessageContaining("certificate and key");
        assertThatThrownBy(() -> new ServeConfig.Tls(Path.of("c.pem"), Path.of("k.pem"), Path.of("s.p12"), "x"))
                .hasMessageContaining("either");
        assertThatThrownBy(() -> new ServeConfig.Tls(null, null, null, null)).hasMessageContaining("either");
    }

    @Test
    void theExampleConfigurationLoadsWithItsDemoKeysFlaggedAndTheSafeInboxConvention() throws Exception {
        ServeConfig c = ConcordConfig.read(Path.of("config/serve.example.yaml"), java.util.Map.of(), new java.util.Properties()).serve();
        assertThat(c.principals()).hasSize(4).allMatch(Principal::demo).noneMatch(Principal::legacy);
        assertThat(c.inboxReady()).isEqualTo(ServeConfig.InboxReady.marker);
        assertThat(c.limits()).isEqualTo(ServeConfig.Limits.defaults());
        assertThat(c.checkExposure()).singleElement().asString().contains("demo keys");
        assertThat(c.tls()).isNull();
    }

    @Test
    void theEnvironmentOverridesTheFileAndTheCommandLineOverridesBoth() {
        ServeConfig file = new ServeConfig("127.0.0.1", 9000, 0, Path.of("in"), Path.of("o"), null,
                null, null, null, List.of());
        assertThat(file.overridden(java.util.Map.of(), null, null)).as("nothing set: the file as it is")
                .isEqualTo(file);

        java.util.Map<String, String> env = java.util.Map.of("CONCORD_PORT", "9100", "CONCORD_INBOX", "/srv/inbox",
                "CONCORD_LEDGER_URL", "jdbc:postgresql://db:5432/concord", "CONCORD_LEDGER_PASSWORD", "s3cret",
                "CONCORD_OUT", "  ", "UNRELATED", "x");
        ServeConfig fromEnv = file.overridden(env, null, null);
        assertThat(fromEnv.port()).isEqualTo(9100);
        assertThat(fromEnv.inbox()).isEqualTo(Path.of("/srv/inbox"));
        assertThat(fromEnv.out()).as("a blank variable is not a setting").isEqualTo(Path.of("o"));
        assertThat(fromEnv.ledgerUrl()).isEqualTo("jdbc:postgresql://db:5432/concord");
        assertThat(fromEnv.ledgerUser()).as("H2's default user does not follow the ledger to PostgreSQL").isEmpty();
        assertThat(fromEnv.ledgerPassword()).isEqualTo("s3cret");
        assertThat(fromEnv.host()).isEqualTo("127.0.0.1");

        ServeConfig fromCli = file.overridden(env, "::1", 9200);
        assertThat(fromCli.port()).as("--port over CONCORD_PORT").isEqualTo(9200);
        assertThat(fromCli.host()).isEqualTo("::1");
    }

    @Test
    void aPortThatIsNotOneIsRefusedNamingWhereItCameFrom() {
        ServeConfig c = ServeConfig.defaults();
        assertThatThrownBy(() -> c.overridden(java.util.Map.of("CONCORD_PORT", "84a0"), null, null))
                .hasMessageContaining("CONCORD_PORT").hasMessageContaining("'84a0'");
        assertThatThrownBy(() -> c.overridden(java.util.Map.of(), null, 70000))
                .hasMessageContaining("--port").hasMessageContaining("70000");
        assertThat(ServeConfig.ENVIRONMENT).allMatch(v -> v.startsWith("CONCORD_"));
    }
}
