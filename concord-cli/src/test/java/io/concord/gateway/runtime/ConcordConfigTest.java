package io.concord.gateway.runtime;

import io.concord.gateway.bus.BusConfig;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One configuration, read once: application.properties, then the YAML file, then environment, then -D. */
class ConcordConfigTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsAreApplicationProperties() {
        ConcordConfig c = ConcordConfig.defaults();
        assertThat(c.bus().isKafka()).isFalse();
        assertThat(c.properties()).containsEntry("concord.bus", "direct")
                .containsEntry("concord.endpoint.ingest", "direct:ingest")
                .containsEntry("concord.poll.period", "60000")
                .containsEntry("camel.main.name", "concord");
        assertThat(c.serve().port()).isEqualTo(8480);
        assertThat(c.serve().ledgerUrl()).isEqualTo("jdbc:h2:file:./data/ledger");
    }

    @Test
    void fileThenEnvironmentThenSystemProperties() throws Exception {
        Path file = yaml("""
                port: 9001
                ledgerUrl: jdbc:h2:file:./data/other
                properties:
                  concord.bus: kafka
                  concord.kafka.brokers: file-broker:9092
                  concord.kafka.group: from-file
                  concord.poll.period: 120000
                """);
        ConcordConfig fileOnly = ConcordConfig.read(file, Map.of(), new Properties());
        assertThat(fileOnly.serve().port()).isEqualTo(9001);
        assertThat(fileOnly.bus()).isEqualTo(BusConfig.kafka("file-broker:9092", "from-file", 12));
        assertThat(fileOnly.properties()).containsEntry("concord.poll.period", "120000");

        Map<String, String> env = Map.of("CONCORD_KAFKA_BROKERS", "env-broker:9092", "CONCORD_PORT", "9002",
                "CONCORD_POLL_CONNECT_TIMEOUT", "7000", "CONCORD_NOT_A_SETTING", "x");
        Properties system = new Properties();
        system.setProperty("concord.kafka.group", "from-d");
        system.setProperty("java.version", "ignored");
        ConcordConfig all = ConcordConfig.read(file, env, system);
        assertThat(all.serve().port()).isEqualTo(9002);
        assertThat(all.serve().ledgerUrl()).isEqualTo("jdbc:h2:file:./data/other");
        assertThat(all.bus()).isEqualTo(BusConfig.kafka("env-broker:9092", "from-d", 12));
        assertThat(all.properties()).containsEntry("concord.poll.connect-timeout", "7000")
                .doesNotContainKey("concord.not.a.setting").doesNotContainKey("java.version");
        // the command line's --port wins over all of them
        assertThat(all.withListener(null, 9003).serve().port()).isEqualTo(9003);
    }

    @Test
    void environmentNamesFollowCamelMain() {
        assertThat(ConcordConfig.environmentName("concord.poll.connect-timeout"))
                .isEqualTo("CONCORD_POLL_CONNECT_TIMEOUT");
        assertThat(ConcordConfig.environmentName("concord.bus")).isEqualTo("CONCORD_BUS");
    }

    @Test
    void aBadSettingIsRefusedSayingWhereItCameFrom() throws Exception {
        assertThatThrownBy(() -> ConcordConfig.read(null, Map.of("CONCORD_KAFKA_PARTITIONS", "many"),
                new Properties()))
                .hasMessageContaining("concord.kafka.partitions")
                .hasMessageContaining("environment variable CONCORD_KAFKA_PARTITIONS")
                .hasMessageContaining("'many'");
        Properties system = new Properties();
        system.setProperty("concord.bus", "rabbit");
        assertThatThrownBy(() -> ConcordConfig.read(null, Map.of(), system))
                .hasMessageContaining("concord.bus must be direct or kafka, not 'rabbit'")
                .hasMessageContaining("system property -Dconcord.bus");
        Path kafkaWithoutBrokers = yaml("properties:\n  concord.bus: kafka\n");
        assertThatThrownBy(() -> ConcordConfig.read(kafkaWithoutBrokers, Map.of(), new Properties()))
                .hasMessageContaining("needs concord.kafka.brokers")
                .hasMessageContaining(kafkaWithoutBrokers.toString());
        Path stray = yaml("properties:\n  kafka.brokers: x:1\n");
        assertThatThrownBy(() -> ConcordConfig.read(stray, Map.of(), new Properties()))
                .hasMessageContaining("properties.kafka.brokers is not a concord.* or camel.* setting");
        Path misspelt = yaml("prot: 9000\n");
        assertThatThrownBy(() -> ConcordConfig.read(misspelt, Map.of(), new Properties()))
                .hasMessageContaining("prot");
    }

    @Test
    void camelSeesExactlyTheConfiguredValues() throws Exception {
        Properties system = new Properties();
        system.setProperty("concord.poll.url", "http://127.0.0.1:1/feed");
        ConcordConfig c = ConcordConfig.read(yaml("properties:\n  concord.poll.feed: cftc-fixml\n"), Map.of(),
                system).withBus(BusConfig.kafka("127.0.0.1:1", "g", 3));
        assertThat(c.camelProperties().get("concord.endpoint.positions"))
                .startsWith("kafka:concord.positions?brokers=127.0.0.1:1&groupId=g&");
        Main main = new Main();
        c.camelProperties().forEach(main::addOverrideProperty);
        main.start();
        try {
            var ctx = main.getCamelContext();
            assertThat(ctx.resolvePropertyPlaceholders("{{concord.poll.url}}")).isEqualTo("http://127.0.0.1:1/feed");
            assertThat(ctx.resolvePropertyPlaceholders("{{concord.poll.feed}}")).isEqualTo("cftc-fixml");
            assertThat(ctx.resolvePropertyPlaceholders("{{concord.kafka.group}}")).isEqualTo("g");
        } finally {
            main.stop();
        }
    }

    private Path yaml(String text) throws Exception {
        Path f = Files.createTempFile(dir, "concord", ".yaml");
        Files.writeString(f, text);
        return f;
    }
}
