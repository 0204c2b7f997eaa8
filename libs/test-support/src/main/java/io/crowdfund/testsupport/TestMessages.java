package io.crowdfund.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messages written straight to Kafka and read back, in the platform's envelope (message id and
 * type headers, JSON body): to inject duplicates and re-asked commands, and to see replies.
 */
public final class TestMessages implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());

    /** Publishes a message with a new id; returns the id. */
    public UUID publish(String topic, String key, Object payload) {
        UUID id = UUID.randomUUID();
        publish(topic, key, id, payload);
        return id;
    }

    /** Publishes a message with the given id (the same id twice is a redelivery). */
    public void publish(String topic, String key, UUID messageId, Object payload) {
        var record = new ProducerRecord<>(topic, key, JSON.writeValueAsBytes(payload));
        record.headers().add("message-id", messageId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("message-type", payload.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }

    /** The message type header of a record. */
    public static String typeOf(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader("message-type");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The records of the given type, decoded. */
    public static <T> List<T> payloads(List<ConsumerRecord<String, byte[]>> records, Class<T> type) {
        return records.stream().filter(record -> type.getSimpleName().equals(typeOf(record)))
                .map(record -> JSON.readValue(record.value(), type)).toList();
    }

    /** Reads the topic from its beginning until the records read satisfy the condition, or fails after the timeout. */
    public static List<ConsumerRecord<String, byte[]>> readUntil(String topic, Duration timeout,
            Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!enough.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Timed out after " + timeout + " reading " + topic + " (" + records.size() + " records read)");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Override
    public void close() {
        producer.close();
    }
}
