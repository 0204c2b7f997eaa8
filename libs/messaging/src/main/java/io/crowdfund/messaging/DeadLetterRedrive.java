package io.crowdfund.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-publishes a topic's dead letters onto the topic, each dead-letter record once: with its
 * original key (so to its key's partition), value and headers (so its original message id, which
 * the consumers' inbox knows), without the dead-letter headers, plus {@link MessageHeaders#REDRIVEN_FROM}.
 * Each chunk is one transaction: the records are claimed in {@code messaging.redriven_dead_letters}
 * (a record claimed before is skipped), published, and the claim commits once Kafka acknowledged
 * them; a failure rolls the claims back. A re-driven message a consumer already applied has no
 * second effect; one that fails again goes to the dead-letter topic again, as a new record that a
 * later re-drive takes.
 * <p>
 * The message arrives after the messages its key had since: re-drive is for commands whose
 * consumers cope with that (the saga's participants answer from their state), not for replaying a
 * history in order.
 */
class DeadLetterRedrive {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRedrive.class);
    /** Records read, claimed and published per transaction. */
    static final int CHUNK = 100;
    /** Records one call re-drives at most (a bounded call; the next call goes on). */
    static final int MAX_PER_CALL = 10_000;
    /** How long one call may take at most (an actuator call should answer; the next call goes on). */
    private static final Duration MAX_CALL_TIME = Duration.ofMinutes(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String DEAD_LETTER_HEADERS = "kafka_dlt-";

    private final ConsumerFactory<String, byte[]> consumers;
    private final Supplier<Producer<String, byte[]>> producers;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    DeadLetterRedrive(ConsumerFactory<String, byte[]> consumers, Supplier<Producer<String, byte[]>> producers, JdbcTemplate jdbc,
            TransactionTemplate transactions) {
        this.consumers = consumers;
        this.producers = producers;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Re-drives the dead letters of the topic that no earlier re-drive took, up to {@link #MAX_PER_CALL}. */
    Result redrive(String topic) {
        if (topic == null || topic.isBlank() || topic.endsWith(DeadLetters.SUFFIX)) {
            throw new IllegalArgumentException("Name the original topic, not its dead-letter topic: " + topic);
        }
        String deadLetterTopic = DeadLetters.topicFor(topic);
        try (Consumer<String, byte[]> consumer = consumer(); Producer<String, byte[]> producer = producers.get()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(deadLetterTopic, TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                return new Result(topic, deadLetterTopic, 0, 0, true);
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, TIMEOUT);
            int redriven = 0;
            int seen = 0;
            long stopAt = System.nanoTime() + MAX_CALL_TIME.toNanos();
            while (!reached(consumer, end) && redriven < MAX_PER_CALL && System.nanoTime() < stopAt) {
                List<ConsumerRecord<String, byte[]>> chunk = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        chunk.add(record);
                    }
                }
                seen += chunk.size();
                redriven += redriveChunk(topic, chunk, producer);
            }
            boolean complete = reached(consumer, end);
            log.info("Re-drove {} dead letters of {} onto {} ({} re-driven before){}", redriven, deadLetterTopic, topic, seen - redriven,
                    complete ? "" : "; more are left for the next call");
            return new Result(topic, deadLetterTopic, redriven, seen - redriven, complete);
        }
    }

    private int redriveChunk(String topic, List<ConsumerRecord<String, byte[]>> chunk, Producer<String, byte[]> producer) {
        if (chunk.isEmpty()) {
            return 0;
        }
        Integer sent = transactions.execute(status -> {
            Set<String> claimed = claim(chunk);
            List<Future<RecordMetadata>> acks = new ArrayList<>(claimed.size());
            for (ConsumerRecord<String, byte[]> record : chunk) {
                if (claimed.contains(position(record.partition(), record.offset()))) {
                    acks.add(producer.send(redriven(topic, record)));
                }
            }
            awaitAll(acks);
            return acks.size();
        });
        return sent == null ? 0 : sent;
    }

    /** Records the chunk's records as re-driven; returns the positions ({@code partition@offset}) no earlier re-drive took. */
    private Set<String> claim(List<ConsumerRecord<String, byte[]>> chunk) {
        Set<String> claimed = new HashSet<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    insert into messaging.redriven_dead_letters (dead_letter_topic, partition_no, record_offset, message_id)
                    select ?, r.partition_no, r.record_offset, r.message_id
                    from unnest(?::int[], ?::bigint[], ?::uuid[]) as r(partition_no, record_offset, message_id)
                    on conflict do nothing
                    returning partition_no, record_offset""");
            statement.setString(1, chunk.getFirst().topic());
            statement.setArray(2, connection.createArrayOf("int4", chunk.stream().map(ConsumerRecord::partition).toArray()));
            statement.setArray(3, connection.createArrayOf("int8", chunk.stream().map(ConsumerRecord::offset).toArray()));
            statement.setArray(4, connection.createArrayOf("uuid", chunk.stream().map(DeadLetterRedrive::messageId).toArray()));
            return statement;
        }, rs -> {
            claimed.add(position(rs.getInt(1), rs.getLong(2)));
        });
        return claimed;
    }

    private static ProducerRecord<String, byte[]> redriven(String topic, ConsumerRecord<String, byte[]> deadLetter) {
        var record = new ProducerRecord<>(topic, deadLetter.key(), deadLetter.value());
        for (Header header : deadLetter.headers()) {
            if (!header.key().startsWith(DEAD_LETTER_HEADERS) && !header.key().equals(MessageHeaders.REDRIVEN_FROM)) {
                record.headers().add(header);
            }
        }
        String from = "%s-%d@%d".formatted(deadLetter.topic(), deadLetter.partition(), deadLetter.offset());
        record.headers().add(new RecordHeader(MessageHeaders.REDRIVEN_FROM, from.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static void awaitAll(List<Future<RecordMetadata>> acks) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the re-driven records; none of this chunk is recorded as re-driven", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while re-driving", e);
        }
    }

    private static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(partition -> consumer.position(partition.getKey(), TIMEOUT) >= partition.getValue());
    }

    private Consumer<String, byte[]> consumer() {
        var overrides = new Properties();
        overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        overrides.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // asking for a dead-letter topic must not create it
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, CHUNK);
        return consumers.createConsumer(null, "dead-letter-redrive", null, overrides);
    }

    private static String position(int partition, long offset) {
        return partition + "@" + offset;
    }

    private static UUID messageId(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(MessageHeaders.MESSAGE_ID);
        if (header == null || header.value() == null) {
            return null;
        }
        try {
            return UUID.fromString(new String(header.value(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /**
     * What one re-drive did.
     *
     * @param topic the topic the dead letters went back to
     * @param deadLetterTopic where they were read
     * @param redriven records re-published now
     * @param redrivenBefore records skipped because an earlier re-drive took them
     * @param complete false if the call stopped at its bound with records left for the next call
     */
    public record Result(String topic, String deadLetterTopic, int redriven, int redrivenBefore, boolean complete) {
    }
}
