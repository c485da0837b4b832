package io.concord.gateway.bus;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Creates Concord's topics when they do not exist yet, with {@code concord.kafka.partitions} partitions each (a
 * broker's own default, one partition, would leave every worker but one idle). Existing topics are left as they
 * are: re-partitioning a topic would move accounts between partitions.
 */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    public static void ensure(BusConfig config) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.brokers()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (BusRecord.Kind kind : BusRecord.Kind.values()) {
                if (!existing.contains(BusConfig.topic(kind))) {
                    missing.add(new NewTopic(BusConfig.topic(kind), Optional.of(config.partitions()), Optional.empty()));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e; // another ingest or worker created them first otherwise
                    }
                }
            }
        }
    }

    /**
     * Commits, for {@code config}'s consumer group, the current end offset of every partition of Concord's topics
     * (creating them first when missing): a new group then consumes only what is published from now on, where
     * {@code autoOffsetReset=earliest} would give it everything the topics still hold. The group must have no
     * members yet. For measurements (the bench) on a broker that carries earlier records.
     */
    public static void startGroupAtEnd(BusConfig config) throws ExecutionException, InterruptedException {
        ensure(config);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.brokers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription d : admin.describeTopics(topics()).allTopicNames().get().values()) {
                d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, OffsetAndMetadata> at = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> at.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(config.group(), at).all().get();
        }
    }

    /**
     * Waits until {@code config}'s consumer group is stable with at least {@code members} members and every
     * partition of Concord's topics assigned to one of them: workers that have just started are still joining the
     * group (each kind's route is a member of its own, and every join rebalances the group), and records published
     * meanwhile wait for them. For measurements (the bench): a deployed worker has long joined when a submission
     * comes.
     *
     * @throws IllegalStateException when the group is not assigned within {@code timeoutMillis}
     */
    public static void awaitAssigned(BusConfig config, int members, long timeoutMillis)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.brokers()))) {
            Set<TopicPartition> partitions = new java.util.HashSet<>();
            for (TopicDescription d : admin.describeTopics(topics()).allTopicNames().get().values()) {
                d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
            }
            long deadline = System.currentTimeMillis() + timeoutMillis;
            String seen = "not described yet";
            while (System.currentTimeMillis() < deadline) {
                var group = admin.describeConsumerGroups(List.of(config.group())).all().get().get(config.group());
                Set<TopicPartition> assigned = new java.util.HashSet<>();
                group.members().forEach(m -> assigned.addAll(m.assignment().topicPartitions()));
                if (group.state() == org.apache.kafka.common.ConsumerGroupState.STABLE
                        && group.members().size() >= members && assigned.containsAll(partitions)) {
                    return;
                }
                seen = group.state() + ", " + group.members().size() + " members, " + assigned.size() + " of "
                        + partitions.size() + " partitions assigned";
                Thread.sleep(20);
            }
            throw new IllegalStateException("consumer group " + config.group() + " not assigned within "
                    + timeoutMillis / 1000 + " s: " + seen);
        }
    }

    private static List<String> topics() {
        List<String> topics = new ArrayList<>();
        for (BusRecord.Kind kind : BusRecord.Kind.values()) {
            topics.add(BusConfig.topic(kind));
        }
        return topics;
    }
}
