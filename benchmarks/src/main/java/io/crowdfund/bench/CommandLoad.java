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

    public CommandLoad(String bootstrapServers, String replyTopic) {
        producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 2, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        counter = Thread.ofPlatform().name("reply-counter").start(() -> {
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
        long target = replies.get() + count;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Keyed keyed = command.apply(i);
            var record = new ProducerRecord<>(topic, keyed.key(), JSON.writeValueAsBytes(keyed.command()));
            record.headers().add("message-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("message-type", keyed.command().getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        producer.flush();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (replies.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": only " + (replies.get() - target + count) + " of " + count + " replies");
            }
            LockSupport.parkNanos(1_000_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  %-28s %,d in %.2f s = %,.0f/s%n", name, count, seconds, count / seconds);
        return count / seconds;
    }

    @Override
    public void close() {
        running.set(false);
        producer.close();
    }
}
