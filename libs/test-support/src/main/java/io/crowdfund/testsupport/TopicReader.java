package io.crowdfund.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what a topic holds from its beginning, as an outside observer (its own consumer group). */
public final class TopicReader {

    private TopicReader() {
    }

    /** Every record of the topic, read until it has been quiet for the given time. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic, Duration quiet) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long quietUntil = System.nanoTime() + quiet.toNanos();
            while (System.nanoTime() < quietUntil) {
                var polled = consumer.poll(Duration.ofMillis(200));
                if (!polled.isEmpty()) {
                    polled.forEach(records::add);
                    quietUntil = System.nanoTime() + quiet.toNanos();
                }
            }
        }
        return records;
    }
}
