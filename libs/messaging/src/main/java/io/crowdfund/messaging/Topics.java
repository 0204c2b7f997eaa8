package io.crowdfund.messaging;

import java.util.Arrays;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** Declares topics a service owns, so that they exist with enough partitions before the first message. */
public final class Topics {

    private Topics() {
    }

    /** The topics, each with the given partitions and the broker's default replication. */
    public static KafkaAdmin.NewTopics declare(int partitions, String... topics) {
        return new KafkaAdmin.NewTopics(Arrays.stream(topics)
                .map(topic -> TopicBuilder.name(topic).partitions(partitions).build())
                .toArray(NewTopic[]::new));
    }
}
