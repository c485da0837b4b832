package io.concord.gateway.routes;

import io.concord.gateway.bus.BusPublisher;
import io.concord.gateway.bus.BusRecord;
import io.concord.gateway.bus.BusWorker;
import io.concord.mapping.NormalizedBatch;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.DefaultMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bus between ingest and the margin workers, as routes joined by endpoint URIs only
 * ({@code concord.endpoint.publish}, {@code .positions}, {@code .collateral}, {@code .sensitivities}; see
 * {@link io.concord.gateway.bus.BusConfig}): in-process {@code direct:} endpoints by default, Kafka topics with
 * {@code concord.bus=kafka}. The same routes run on either.
 *
 * <ul>
 * <li>{@code publish} (ingest side): a normalized batch's records, by kind, each keyed by firm + account, to the
 *     kind's endpoint in one send (on Kafka: one producer call per kind and batch, complete when every record is
 *     acknowledged); the batch itself goes back to the pipeline unchanged.</li>
 * <li>{@code worker-<kind>} (worker side): each delivery (on Kafka a batch of polled records) is applied to the
 *     worker's durable state in one transaction; only then are its Kafka offsets committed (manual commit), so a
 *     record whose effects are not durable is delivered again, and its identity makes a second delivery change
 *     nothing.</li>
 * </ul>
 */
public final class BusRoutes extends RouteBuilder {

    private static final String BATCH = "concordBusBatch";
    private static final String COMMITS = "concordBusCommits";

    private final BusPublisher publisher;
    private final BusWorker worker;

    /** Routes for an ingest ({@code publisher}), a worker ({@code worker}), or both in one process. */
    public BusRoutes(BusPublisher publisher, BusWorker worker) {
        this.publisher = publisher;
        this.worker = worker;
    }

    @Override
    public void configure() {
        if (publisher != null) {
            var publish = from("{{concord.endpoint.publish}}").routeId("publish").setProperty(BATCH, body());
            for (BusRecord.Kind kind : BusRecord.Kind.values()) {
                publish.setBody(exchangeProperty(BATCH))
                        // plain calls, not bean or simple-language invocations: Camel's bean cache would hash the
                        // whole list of records on every call
                        .process(e -> e.getMessage().setBody(publisher.records(kind,
                                e.getMessage().getBody(NormalizedBatch.class))))
                        .filter(e -> !e.getMessage().getBody(List.class).isEmpty())
                            .process(BusRoutes::keyed)
                            .to("{{concord.endpoint." + kind.endpointName() + "}}")
                        .end();
            }
            publish.setBody(exchangeProperty(BATCH));
        }
        if (worker != null) {
            for (BusRecord.Kind kind : BusRecord.Kind.values()) {
                from("{{concord.endpoint." + kind.endpointName() + "}}").routeId("worker-" + kind.endpointName())
                        .process(BusRoutes::unpack)
                        .process(e -> e.getMessage().setBody(worker.apply(e.getMessage().getBody(List.class))))
                        .process(BusRoutes::commitOffsets);
            }
        }
    }

    /** Records as messages keyed by firm + account (the Kafka record key), their JSON form as the body. */
    private static void keyed(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<BusRecord> records = exchange.getMessage().getBody(List.class);
        List<Message> messages = new ArrayList<>(records.size());
        for (BusRecord r : records) {
            Message m = new DefaultMessage(exchange);
            m.setHeader(KafkaConstants.KEY, r.key());
            m.setBody(r.toJson());
            messages.add(m);
        }
        exchange.getMessage().setBody(messages);
    }

    /**
     * What one delivery carries, as the records' JSON forms: on Kafka a batch of polled records (one exchange
     * each), in-process the publishing batch's messages. Keeps, per topic partition, the manual commit of the
     * delivery's last record there (nothing in-process).
     */
    private static void unpack(Exchange exchange) {
        List<?> delivered = exchange.getMessage().getBody(List.class);
        List<String> json = new ArrayList<>(delivered.size());
        Map<String, KafkaManualCommit> commits = new LinkedHashMap<>();
        for (Object item : delivered) {
            Message m = item instanceof Exchange e ? e.getMessage() : (Message) item;
            json.add(m.getBody(String.class));
            KafkaManualCommit commit = m.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit != null) {
                commits.put(m.getHeader(KafkaConstants.TOPIC) + "-" + m.getHeader(KafkaConstants.PARTITION), commit);
            }
        }
        exchange.setProperty(COMMITS, List.copyOf(commits.values()));
        exchange.getMessage().setBody(json);
    }

    /** After the delivery's effects are durable: commit each partition's offset past its last record. */
    private static void commitOffsets(Exchange exchange) {
        for (Object commit : exchange.getProperty(COMMITS, List.class)) {
            ((KafkaManualCommit) commit).commit();
        }
    }
}
