package io.concord.gateway.bus;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.ArrayList;
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
}
