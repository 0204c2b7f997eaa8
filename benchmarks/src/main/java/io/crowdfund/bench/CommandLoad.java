package io.crowdfund.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import tools.jackson.databind.json.JsonMapper;

/**
 * Drives a participant the way the saga does: commands in the platform's envelope onto its topic,
 * and a background consumer counting its replies; a round is timed from the first command sent to
 * the last reply read.
 */
public final class CommandLoad implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong replies = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread counter;

    /** A load whose replies are counted on {@code replyTopic}; null for messages that get no reply (events). */
    public CommandLoad(String bootstrapServers, String replyTopic) {
        producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 2, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        counter = replyTopic == null ? null : Thread.ofPlatform().name("reply-counter").start(() -> {
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(replyTopic));
                while (running.get()) {
                    replies.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
                }
            }
        });
    }

    /** A command and the key it goes under. */
    public record Keyed(String key, Object command) {
    }

    /** Sends the commands and waits for as many replies; returns the rate per second. */
    public double round(String name, String topic, int count, IntFunction<Keyed> command) {
        return round(name, topic, count, command, replies::get, count);
    }

    /**
     * Sends the messages and waits until {@code done} has grown by {@code expected} (replies, deliveries
     * seen by a receiver); returns the rate of that growth per second.
     */
    public double round(String name, String topic, int count, IntFunction<Keyed> message, LongSupplier done, long expected) {
        long target = done.getAsLong() + expected;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Keyed keyed = message.apply(i);
            var record = new ProducerRecord<>(topic, keyed.key(), JSON.writeValueAsBytes(keyed.command()));
            record.headers().add("message-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("message-type", keyed.command().getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        producer.flush();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (done.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": only " + (done.getAsLong() - target + expected) + " of " + expected);
            }
            LockSupport.parkNanos(1_000_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  %-34s %,d in %.2f s = %,.0f/s%n", name, expected, seconds, expected / seconds);
        return expected / seconds;
    }

    @Override
    public void close() {
        running.set(false);
        producer.close();
    }
}
