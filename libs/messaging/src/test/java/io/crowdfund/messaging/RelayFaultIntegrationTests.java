package io.crowdfund.messaging;

import static io.crowdfund.messaging.KafkaRecords.countWithId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.messaging.MessagingTestApplication.EffectRecorder;
import io.crowdfund.messaging.testcontracts.TestEvent;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TestInfrastructure;
import io.crowdfund.testsupport.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Relay faults injected against real PostgreSQL and Kafka. The application's own relay is off;
 * each test builds the relays it needs, each with its own Kafka producer, as separate replicas would.
 */
@IntegrationTest
@TestPropertySource(properties = {"crowdfund.test.database=messaging_faults", "test.topic=" + RelayFaultIntegrationTests.TOPIC,
        "crowdfund.messaging.relay.enabled=false"})
class RelayFaultIntegrationTests {

    static final String TOPIC = "kit.faults";
    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    EffectRecorder effects;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void aRelayCrashBetweenPublishAndCommitRepublishesAndTheConsumerAppliesOnce() {
        String key = "crash-" + UUID.randomUUID();
        UUID id = transactions.execute(status -> outbox.send(TOPIC, key, TestEvent.number(1)));
        var crashOnce = new AtomicBoolean(true);
        // the relay's transaction dies after Kafka acknowledged the batch, before its commit
        var crashingCommits = new JdbcTransactionManager(dataSource) {
            @Override
            protected void doCommit(DefaultTransactionStatus status) {
                if (crashOnce.getAndSet(false)) {
                    throw new IllegalStateException("relay crashed after publishing, before committing");
                }
                super.doCommit(status);
            }
        };
        OutboxRelay relay = relay(new OutboxStore(jdbc), 100, new TransactionTemplate(crashingCommits));

        assertThatThrownBy(relay::relayBatch).hasMessageContaining("relay crashed");
        assertThat(unsent(id)).isTrue();
        assertThat(relay.relayBatch()).isEqualTo(1);
        assertThat(unsent(id)).isFalse();

        UUID marker = transactions.execute(status -> outbox.send(TOPIC, key, TestEvent.number(2)));
        relay.relayBatch();
        await().atMost(AWAIT).until(() -> effects.effectsOf(marker) == 1);
        assertThat(countWithId(TopicReader.readAll(TOPIC, Duration.ofSeconds(1)), id)).isEqualTo(2);
        assertThat(effects.effectsOf(id)).isEqualTo(1);
        relay.stop();
    }

    @Test
    void aRelayTakesNothingWhileAnotherHoldsTheRelayLockAndTheRowsOnceItIsFree() throws Exception {
        UUID id = transactions.execute(status -> outbox.send(TOPIC, "locked-" + UUID.randomUUID(), TestEvent.number(1)));
        OutboxRelay relay = relay(new OutboxStore(jdbc), 100);
        try (Connection otherRelay = dataSource.getConnection()) {
            otherRelay.setAutoCommit(false);
            try (var lock = otherRelay.prepareStatement("select pg_advisory_xact_lock(?)")) {
                lock.setLong(1, OutboxStore.RELAY_LOCK);
                lock.execute();
            }
            assertThat(relay.relayBatch()).as("locked out").isNegative();
            assertThat(unsent(id)).isTrue();
            otherRelay.commit();
        }
        assertThat(relay.relayBatch()).isEqualTo(1);
        assertThat(unsent(id)).isFalse();
        await().atMost(AWAIT).until(() -> effects.effectsOf(id) == 1);
        relay.stop();
    }

    @Test
    void twoRelaysRacingNeverPublishARowTwiceAndKeepEachKeysOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        OutboxRelay first = relay(new OutboxStore(jdbc), 50);
        OutboxRelay second = relay(new OutboxStore(jdbc), 50);
        first.start();
        second.start();
        int writers = 4;
        int transactionsPerWriter = 250;
        int keysPerWriter = 5;
        try (var pool = Executors.newFixedThreadPool(writers)) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                int w = writer;
                done.add(pool.submit(() -> {
                    for (int n = 0; n < transactionsPerWriter; n++) {
                        int sequence = n;
                        transactions.executeWithoutResult(status -> outbox.send(List.of(
                                new OutgoingMessage(TOPIC, raceKey(run, w, sequence % keysPerWriter), TestEvent.number(2 * sequence)),
                                new OutgoingMessage(TOPIC, raceKey(run, w, sequence % keysPerWriter), TestEvent.number(2 * sequence + 1)))));
                        first.wakeUp();
                        second.wakeUp();
                    }
                }));
            }
            for (var writer : done) {
                writer.get();
            }
        }
        int expected = writers * transactionsPerWriter * 2;

        await().atMost(AWAIT).until(() -> effectsOfRun(run) == expected);
        first.stop();
        second.stop();

        assertThat(jdbc.queryForObject("""
                select count(*) from (select message_id from test_effect where message_key like ?
                group by message_id having count(*) > 1) doubled""", Integer.class, run + "%")).isZero();
        for (int writer = 0; writer < writers; writer++) {
            for (int k = 0; k < keysPerWriter; k++) {
                List<Integer> applied = jdbc.queryForList("select sequence from test_effect where message_key = ? order by id",
                        Integer.class, raceKey(run, writer, k));
                assertThat(applied).hasSize(expected / writers / keysPerWriter).isSorted();
            }
        }
        assertThat(jdbc.queryForObject("select count(*) from messaging.outbox where message_key like ?",
                Integer.class, run + "%")).isZero();
        long copies = TopicReader.readAll(TOPIC, Duration.ofSeconds(1)).stream().filter(r -> r.key().startsWith(run)).count();
        assertThat(copies).as("records on the topic: no row published twice").isEqualTo(expected);
    }

    private int effectsOfRun(String run) {
        return jdbc.queryForObject("select count(*) from test_effect where message_key like ?", Integer.class, run + "%");
    }

    private static String raceKey(String run, int writer, int key) {
        return run + "-w" + writer + "-k" + key;
    }

    private boolean unsent(UUID id) {
        return jdbc.queryForObject("select count(*) from messaging.outbox where message_id = ?", Integer.class, id) == 1;
    }

    private OutboxRelay relay(OutboxStore store, int batchSize) {
        return relay(store, batchSize, transactions);
    }

    private OutboxRelay relay(OutboxStore store, int batchSize, TransactionTemplate relayTransactions) {
        var producers = new DefaultKafkaProducerFactory<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
        var settings = new MessagingProperties.Relay(true, Duration.ofMillis(200), batchSize, Duration.ofSeconds(10), Duration.ofMillis(2));
        return new OutboxRelay(store, producers.createProducer(), relayTransactions, settings, new SimpleMeterRegistry());
    }
}
