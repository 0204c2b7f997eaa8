package io.crowdfund.wallet;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.wallet.ReserveFunds;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.testsupport.TestInfrastructure;
import io.crowdfund.wallet.funds.Deposits;
import io.crowdfund.wallet.funds.Reconciliation;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reservations per second through wallet-service as the saga drives it: ReserveFunds commands on
 * Kafka, applied in batches (one transaction per polled batch), replies through the outbox. Time
 * runs from the first command sent to the last reply read. Two shapes: one hot wallet (every
 * command on one key, so one partition and one consumer thread) and many wallets (keys spread over
 * the partitions and consumer threads). Real PostgreSQL and a real KRaft broker on this machine.
 * Arguments: [reservations per scenario, default 50000] [wallets for the spread scenario, default 2000].
 */
public final class WalletBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) {
        try {
            measure(args);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void measure(String[] args) {
        int reservations = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int walletCount = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        var infrastructure = TestInfrastructure.get();
        // command-line arguments outrank the service's application.yml
        ConfigurableApplicationContext wallet = new SpringApplicationBuilder(WalletApplication.class).run(
                "--spring.datasource.url=" + infrastructure.jdbcUrl("wallet_benchmark_" + System.currentTimeMillis()),
                "--spring.datasource.username=" + infrastructure.username(),
                "--spring.datasource.password=" + infrastructure.password(),
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--server.port=0",
                "--logging.level.root=warn");
        var deposits = wallet.getBean(Deposits.class);
        UUID hot = UUID.randomUUID();
        deposits.deposit(hot, new BigDecimal("100000000.00"), Optional.empty());
        List<UUID> many = IntStream.range(0, walletCount).mapToObj(i -> UUID.randomUUID()).toList();
        many.forEach(backer -> deposits.deposit(backer, new BigDecimal("1000000.00"), Optional.empty()));

        try (var replies = new ReplyCounter(infrastructure.kafkaBootstrapServers());
                var producer = new KafkaProducer<>(Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG, 2, ProducerConfig.ACKS_CONFIG, "all"),
                        new StringSerializer(), new ByteArraySerializer())) {
            run("warm-up", 5_000, i -> many.get(i % many.size()), producer, replies);
            double hotRate = run("one hot wallet", reservations, i -> hot, producer, replies);
            double spreadRate = run(walletCount + " wallets", reservations, i -> many.get(i % many.size()), producer, replies);
            var report = wallet.getBean(Reconciliation.class).report();
            System.out.printf("%nWallet reservations (%d cores, PostgreSQL + KRaft Kafka and wallet-service in one JVM on this machine)%n",
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("  one hot wallet:  %,.0f reservations/s%n", hotRate);
            System.out.printf("  %,d wallets:    %,.0f reservations/s%n", walletCount, spreadRate);
            System.out.printf("  reconciliation afterwards: balanced=%s, reserved %s, deposits %s%n", report.balanced(),
                    report.totalReserved().toPlainString(), report.totalDeposits().toPlainString());
        }
        wallet.close();
    }

    private static double run(String name, int count, IntFunction<UUID> backer,
            KafkaProducer<String, byte[]> producer, ReplyCounter replies) {
        long target = replies.count() + count;
        UUID campaign = UUID.randomUUID();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            UUID backerId = backer.apply(i);
            var record = new ProducerRecord<>(WalletChannels.COMMANDS, backerId.toString(),
                    JSON.writeValueAsBytes(new ReserveFunds(UUID.randomUUID(), backerId, campaign, new BigDecimal("1.00"))));
            record.headers().add("message-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("message-type", "ReserveFunds".getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        producer.flush();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (replies.count() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": only " + (replies.count() - target + count) + " of " + count + " replies");
            }
            LockSupport.parkNanos(1_000_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  %-16s %,d reservations in %.2f s%n", name, count, seconds);
        return count / seconds;
    }

    /** Counts the replies on pledge.replies from a background consumer. */
    private static final class ReplyCounter implements AutoCloseable {
        private final AtomicLong count = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        ReplyCounter(String bootstrapServers) {
            thread = Thread.ofPlatform().name("reply-counter").start(() -> {
                try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(PledgeChannels.REPLIES));
                    while (running.get()) {
                        count.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
                    }
                }
            });
        }

        long count() {
            return count.get();
        }

        @Override
        public void close() {
            running.set(false);
        }
    }
}
