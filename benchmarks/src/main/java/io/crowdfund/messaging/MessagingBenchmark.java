package io.crowdfund.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.testsupport.TestInfrastructure;

/**
 * Outbox → Kafka → idempotent consumer, on real PostgreSQL and a real KRaft broker on this machine.
 * Prints (1) throughput: a backlog written in one transaction, relayed in batches and applied by a
 * batch consumer (inbox insert in the same transaction); (2) latency when idle: one message per
 * transaction, paced, from just before commit to the consumer's handler.
 * Arguments: [backlog messages, default 200000] [latency samples, default 2000].
 */
@SpringBootApplication
public class MessagingBenchmark {

    static final String TOPIC = "bench.messages";
    static final AtomicLong consumed = new AtomicLong();
    static final Recorder latency = new Recorder(3);

    /** A benchmark message: its send time, for latency. */
    public record BenchMessage(long sentNanos, int sequence) {
    }

    @Component
    static class Sink {
        private final IdempotentConsumer consumer;

        Sink(IdempotentConsumer consumer) {
            this.consumer = consumer;
        }

        @KafkaListener(topics = TOPIC, groupId = "bench", concurrency = "4")
        void on(List<ConsumerRecord<String, byte[]>> records) {
            consumer.processBatch("bench", records, messages -> {
                long now = System.nanoTime();
                for (InboundMessage<?> message : messages) {
                    latency.recordValue(Math.max(0, now - message.payloadAs(BenchMessage.class).sentNanos()));
                }
                consumed.addAndGet(messages.size());
            });
        }
    }

    public static void main(String[] args) {
        int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        var infrastructure = TestInfrastructure.get();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MessagingBenchmark.class)
                .properties(Map.of(
                        "spring.datasource.url", infrastructure.jdbcUrl("messaging_benchmark_" + System.currentTimeMillis()),
                        "spring.datasource.username", infrastructure.username(),
                        "spring.datasource.password", infrastructure.password(),
                        "spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers(),
                        "crowdfund.messaging.contract-packages", "io.crowdfund.messaging",
                        "spring.datasource.hikari.maximum-pool-size", "16",
                        "logging.level.root", "warn"))
                .run();
        var outbox = context.getBean(Outbox.class);
        var transactions = context.getBean(TransactionTemplate.class);
        String cpu = Runtime.getRuntime().availableProcessors() + " cores";

        // Warm up the whole path, then measure.
        send(outbox, transactions, 20_000, 64);
        awaitConsumed(20_000, Duration.ofMinutes(2));

        consumed.set(0);
        long writeStart = System.nanoTime();
        send(outbox, transactions, backlog, backlog);
        long committed = System.nanoTime();
        awaitConsumed(backlog, Duration.ofMinutes(5));
        long applied = System.nanoTime();
        latency.getIntervalHistogram();

        consumed.set(0);
        for (int i = 0; i < samples; i++) {
            int n = i;
            transactions.executeWithoutResult(status -> outbox.send(TOPIC, "k" + (n % 64), new BenchMessage(System.nanoTime(), n)));
            awaitConsumed(n + 1, Duration.ofSeconds(10));
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        Histogram idle = latency.getIntervalHistogram();

        System.out.printf("%nMessaging benchmark (%s, PostgreSQL + KRaft Kafka on this machine)%n", cpu);
        System.out.printf("  backlog of %,d messages written in one transaction: %.1f s%n", backlog, (committed - writeStart) / 1e9);
        System.out.printf("  commit -> all applied by the consumer: %.2f s = %,.0f messages/s (relay batches of %d, 4 consumer threads)%n",
                (applied - committed) / 1e9, backlog / ((applied - committed) / 1e9),
                context.getBean(MessagingProperties.class).relay().batchSize());
        System.out.printf("  idle latency, commit -> consumer (%d messages, one per transaction): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                idle.getTotalCount(), ms(idle.getValueAtPercentile(50)), ms(idle.getValueAtPercentile(90)),
                ms(idle.getValueAtPercentile(99)), ms(idle.getMaxValue()));
        context.close();
        System.exit(0);
    }

    private static void send(Outbox outbox, TransactionTemplate transactions, int count, int perTransaction) {
        for (int start = 0; start < count; start += perTransaction) {
            int from = start;
            int to = Math.min(count, start + perTransaction);
            transactions.executeWithoutResult(status -> {
                List<OutgoingMessage> messages = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    messages.add(new OutgoingMessage(TOPIC, "k" + (i % 64), new BenchMessage(System.nanoTime(), i)));
                }
                outbox.send(messages);
            });
        }
    }

    private static void awaitConsumed(long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumed.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + consumed.get() + " of " + count + " messages arrived within " + timeout);
            }
            LockSupport.parkNanos(50_000);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
