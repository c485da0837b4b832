package io.concord.gateway.routes;

import io.concord.TestMappings;
import io.concord.feed.FeedFormats;
import io.concord.gateway.ProcessRun;
import io.concord.mapping.NormalizedBatch;
import io.concord.model.Ack;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The routes on their own: stages joined by configured endpoints, errors handled in one place. */
class IngestRoutesTest {

    @TempDir
    Path out;

    private CamelContext context;
    private ProcessRun run;

    @BeforeEach
    void start() throws Exception {
        run = new ProcessRun(out, TestMappings.SHIPPED, FeedFormats.standard(), null);
        context = new DefaultCamelContext();
        Properties props = new Properties();
        props.put("concord.endpoint.ingest", "direct:ingest");
        props.put("concord.endpoint.normalize", "seda:normalize");
        props.put("concord.endpoint.write", "direct:write");
        props.put("concord.endpoint.ack", "direct:ack");
        context.getPropertiesComponent().setInitialProperties(props);
        context.addRoutes(new ErrorHandling(run));
        context.addRoutes(new IngestRoutes(run));
    }

    @AfterEach
    void stop() {
        context.stop();
        run.close();
    }

    @Test
    void everyBatchOfAFilePassesNormalizeAndWriteThenOneAckReconciles() throws Exception {
        AdviceWith.adviceWith(context, "normalize", a -> a.interceptSendToEndpoint("direct:write").to("mock:written"));
        context.start();
        MockEndpoint written = context.getEndpoint("mock:written", MockEndpoint.class);
        written.expectedMessageCount(1);
        NotifyBuilder acked = new NotifyBuilder(context).wereSentTo("direct:ack").whenDone(1).create();

        try (ProducerTemplate t = context.createProducerTemplate()) {
            t.sendBody("direct:ingest", Path.of("fixtures/sec/positions-larkspur-2026-11-20.csv"));
        }

        assertThat(acked.matches(10, TimeUnit.SECONDS)).isTrue();
        written.assertIsSatisfied();
        NormalizedBatch batch = written.getReceivedExchanges().get(0).getIn().getBody(NormalizedBatch.class);
        assertThat(batch.positions()).hasSize(10);
        assertThat(batch.failures()).hasSize(1);
        Ack ack = acked(out);
        assertThat(ack.received()).isEqualTo(11);
        assertThat(ack.accepted()).isEqualTo(10);
        assertThat(ack.status()).isEqualTo(Ack.Status.PARTIAL);
    }

    private static Ack acked(Path out) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(out.resolve("acks"))) {
            Path only = files.filter(p -> p.getFileName().toString().endsWith(".json")).reduce((a, b) -> {
                throw new AssertionError("more than one ack");
            }).orElseThrow();
            return io.concord.report.Json.MAPPER.readValue(only.toFile(), Ack.class);
        }
    }

    @Test
    void aStageThatFailsRejectsItsBatchWithInternalErrorAndTheAckStillReconciles() throws Exception {
        AdviceWith.adviceWith(context, "write", a -> a.weaveAddFirst()
                .throwException(new IllegalStateException("disk full")));
        context.start();
        NotifyBuilder acked = new NotifyBuilder(context).wereSentTo("direct:ack").whenDone(1).create();

        try (ProducerTemplate t = context.createProducerTemplate()) {
            t.sendBody("direct:ingest", Path.of("fixtures/sec/positions-larkspur-2026-11-20.csv"));
        }
        assertThat(acked.matches(10, TimeUnit.SECONDS)).isTrue();
        Ack ack = acked(out);

        assertThat(ack.received()).isEqualTo(11);
        assertThat(ack.accepted()).isZero();
        assertThat(ack.rejected()).isEqualTo(11);
        assertThat(ack.status()).isEqualTo(Ack.Status.REJECTED);
        assertThat(ack.rejections()).extracting(Ack.Rejection::reason).contains(
                io.concord.model.ReasonCode.INTERNAL_ERROR);
        assertThat(ack.rejections()).filteredOn(r -> r.reason() == io.concord.model.ReasonCode.INTERNAL_ERROR)
                .hasSize(10).allSatisfy(r -> assertThat(r.message()).contains("disk full"));
    }
}
