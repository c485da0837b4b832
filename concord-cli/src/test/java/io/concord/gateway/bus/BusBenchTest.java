package io.concord.gateway.bus;

import io.concord.bench.BusBench;
import io.concord.bench.FeedGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bus part of {@code concord bench} against a real broker: the same generated feed is ingested and applied on the
 * in-process bus and over Kafka, and both apply every accepted record (figures are printed, never asserted).
 */
class BusBenchTest {

    @TempDir
    Path work;

    @Test
    void theBenchMeasuresTheKafkaBusNextToTheInProcessBus() throws Exception {
        Path feed = work.resolve("positions-bus.csv");
        long generated = new FeedGenerator(20261120L).secPositions(feed, 20_000, 200);
        try (KafkaBroker broker = new KafkaBroker()) {
            BusBench b = BusBench.measure(feed, work.resolve("bus"), Path.of("mappings"), broker.bootstrapServers(),
                    2, 12);
            System.out.printf("bus bench: %s%n", b);
            assertThat(generated).isPositive();
            // every generated position maps (FeedGeneratorTest), so both buses apply all of them
            assertThat(b.records()).isEqualTo(20_000);
            assertThat(b.inProcessRecordsPerSecond()).isPositive();
            assertThat(b.kafkaRecordsPerSecond()).isPositive();
            assertThat(b.ratio()).isPositive();
            assertThat(b.workers()).isEqualTo(2);
        }
    }
}
