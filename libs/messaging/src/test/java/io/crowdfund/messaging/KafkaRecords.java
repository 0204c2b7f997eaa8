package io.crowdfund.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.crowdfund.testsupport.TestInfrastructure;

/** Writes records straight to Kafka, bypassing the outbox, to inject duplicates and poison. */
final class KafkaRecords {

    private KafkaRecords() {
    }

    static void produce(String topic, String key, UUID messageId, String type, String json) {
        var record = new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_ID, messageId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_TYPE, type.getBytes(StandardCharsets.UTF_8));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static long countWithId(List<ConsumerRecord<String, byte[]>> records, UUID messageId) {
        return records.stream().filter(r -> messageId.toString().equals(header(r, MessageHeaders.MESSAGE_ID))).count();
    }
}
