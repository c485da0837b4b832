package io.concord.gateway.serve;

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
        ServeConfig c = ServeConfig.load(Path.of("config/serve.example.yaml"));
        assertThat(c.principals()).hasSize(4).allMatch(Principal::demo).noneMatch(Principal::legacy);
        assertThat(c.inboxReady()).isEqualTo(ServeConfig.InboxReady.marker);
        assertThat(c.limits()).isEqualTo(ServeConfig.Limits.defaults());
        assertThat(c.checkExposure()).singleElement().asString().contains("demo keys");
        assertThat(c.tls()).isNull();
    }
}
