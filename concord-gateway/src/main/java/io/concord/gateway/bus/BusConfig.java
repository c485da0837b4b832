package io.concord.gateway.bus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which bus joins ingest and the workers, from configuration: {@code concord.bus} is {@code direct} (in-process,
 * the default) or {@code kafka}, with {@code concord.kafka.brokers} (bootstrap servers), {@code concord.kafka.group}
 * (the workers' consumer group) and {@code concord.kafka.partitions} (partitions of each topic Concord creates).
 * Built by {@code ConcordConfig} from the merged settings. It gives the endpoint URIs the bus routes are joined
 * by; nothing else differs between the two.
 */
public record BusConfig(String bus, String brokers, String group, int partitions) {

    public static final String DIRECT = "direct";
    public static final String KAFKA = "kafka";

    /** Consumer and producer options of every topic endpoint (see README "Scaling out"). */
    static final String KAFKA_OPTIONS = "&autoOffsetReset=earliest"
            // records reach the worker in batches of up to 1,000 (or what 200 ms brought), applied in one transaction
            + "&batching=true&maxPollRecords=1000&pollTimeoutMs=100&batchingIntervalMs=200"
            // offsets are committed (synchronously) by the worker route once a batch's effects are durable, never
            // in the background
            + "&autoCommitEnable=false&allowManualCommit=true"
            // a batch that fails is polled again from the last committed offset instead of being skipped
            + "&breakOnFirstError=true"
            // the producer: idempotent (no duplicates from its own retries), acknowledged by all in-sync replicas;
            // the ingest waits for each batch's acknowledgements, so no linger, and partition batches of up to
            // 256 KiB (a 1,000-record batch is a few produce requests, not dozens of 16 KiB ones)
            + "&enableIdempotence=true&requestRequiredAcks=all&lingerMs=0&producerBatchSize=262144";

    public BusConfig {
        if (!bus.equals(DIRECT) && !bus.equals(KAFKA)) {
            throw new IllegalArgumentException("concord.bus must be " + DIRECT + " or " + KAFKA + ", not '" + bus + "'");
        }
        if (bus.equals(KAFKA) && (brokers == null || brokers.isBlank())) {
            throw new IllegalArgumentException("concord.bus=kafka needs concord.kafka.brokers (bootstrap servers)");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("concord.kafka.partitions must be at least 1, not " + partitions);
        }
    }

    /** The in-process bus. */
    public static BusConfig inProcess() {
        return new BusConfig(DIRECT, null, "concord-workers", 12);
    }

    /** The Kafka bus at {@code brokers}, workers in consumer group {@code group}. */
    public static BusConfig kafka(String brokers, String group, int partitions) {
        return new BusConfig(KAFKA, brokers, group, partitions);
    }

    public boolean isKafka() {
        return bus.equals(KAFKA);
    }

    /** The topic of a kind of record: {@code concord.positions}, {@code concord.collateral}, ... */
    public static String topic(BusRecord.Kind kind) {
        return "concord." + kind.endpointName();
    }

    /** The endpoint URI properties the bus routes are joined by ({@code concord.endpoint.*}). */
    public Map<String, String> endpoints() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("concord.endpoint.publish", "direct:publish");
        for (BusRecord.Kind kind : BusRecord.Kind.values()) {
            out.put("concord.endpoint." + kind.endpointName(), isKafka()
                    ? "kafka:" + topic(kind) + "?brokers=" + brokers + "&groupId=" + group + KAFKA_OPTIONS
                    : "direct:" + topic(kind));
        }
        return out;
    }
}
