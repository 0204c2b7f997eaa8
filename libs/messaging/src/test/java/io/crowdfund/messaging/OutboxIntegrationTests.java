package io.crowdfund.messaging;

import static io.crowdfund.messaging.KafkaRecords.countWithId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.messaging.MessagingTestApplication.EffectRecorder;
import io.crowdfund.messaging.testcontracts.TestEvent;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The outbox, relay and idempotent consumer against real PostgreSQL and a real Kafka broker. The
 * relay's safety-net poll is set to a minute here, so every message that arrives within the
 * awaits below was published because its commit woke the relay.
 */
@IntegrationTest
@TestPropertySource(properties = {"crowdfund.test.database=messaging_outbox", "test.topic=" + OutboxIntegrationTests.TOPIC,
        "crowdfund.messaging.relay.poll-interval=60s", "spring.threads.virtual.enabled=true"})
class OutboxIntegrationTests {

    static final String TOPIC = "kit.outbox";
    private static final Duration AWAIT = Duration.ofSeconds(20);

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    EffectRecorder effects;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MessagingPurge purge;
    @Autowired
    MeterRegistry meters;

    @Test
    void publishesACommittedMessageOnCommitAndAppliesItOnceWithExactAmounts() {
        UUID id = transactions.execute(status -> outbox.send(TOPIC, key(), TestEvent.number(1)));

        await().atMost(AWAIT).until(() -> effects.effectsOf(id) == 1);
        assertThat(jdbc.queryForObject("select amount from test_effect where message_id = ?", BigDecimal.class, id))
                .isEqualByComparingTo("10.25");
        assertThat(jdbc.queryForObject("select count(*) from messaging.outbox where message_id = ?", Integer.class, id))
                .as("published rows are deleted").isZero();
    }

    @Test
    void runsListenersOnPlatformThreadsWhereTheServiceUsesVirtualOnes() {
        UUID id = transactions.execute(status -> outbox.send(TOPIC, key(), TestEvent.number(1)));

        await().atMost(AWAIT).until(() -> effects.effectsOf(id) == 1);
        assertThat(effects.listenerThread().isVirtual()).as("listener thread %s is virtual", effects.listenerThread()).isFalse();
        assertThat(effects.listenerThread().getName()).startsWith("kafka-listener-");
    }

    @Test
    void neverPublishesAMessageOfARolledBackTransaction() {
        String key = key();
        UUID[] doomed = new UUID[1];
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            doomed[0] = outbox.send(TOPIC, key, TestEvent.number(1));
            throw new IllegalStateException("a business rule failed after the message was recorded");
        })).isInstanceOf(IllegalStateException.class);
        UUID committed = transactions.execute(status -> outbox.send(TOPIC, key, TestEvent.number(2)));

        // Same key, same partition: once the later message is applied, the earlier one would have been too.
        await().atMost(AWAIT).until(() -> effects.effectsOf(committed) == 1);
        assertThat(effects.effectsOf(doomed[0])).isZero();
        assertThat(jdbc.queryForObject("select count(*) from messaging.outbox where message_id = ?", Integer.class, doomed[0])).isZero();
        assertThat(countWithId(TopicReader.readAll(TOPIC, Duration.ofSeconds(1)), doomed[0])).isZero();
    }

    @Test
    void refusesToRecordAMessageOutsideATransaction() {
        assertThatThrownBy(() -> outbox.send(TOPIC, key(), TestEvent.number(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a transaction");
    }

    @Test
    void appliesARedeliveredMessageOnlyOnce() {
        String key = key();
        UUID duplicated = UUID.randomUUID();
        for (int delivery = 0; delivery < 3; delivery++) {
            KafkaRecords.produce(TOPIC, key, duplicated, "TestEvent", "{\"sequence\":1,\"amount\":5.00,\"explode\":false}");
        }
        UUID after = transactions.execute(status -> outbox.send(TOPIC, key, TestEvent.number(2)));

        await().atMost(AWAIT).until(() -> effects.effectsOf(after) == 1);
        assertThat(effects.effectsOf(duplicated)).isEqualTo(1);
    }

    @Test
    void toleratesFieldsItDoesNotKnowYet() {
        String key = key();
        UUID id = UUID.randomUUID();
        KafkaRecords.produce(TOPIC, key, id, "TestEvent", "{\"sequence\":3,\"amount\":1.50,\"explode\":false,\"addedLater\":{\"x\":1}}");

        await().atMost(AWAIT).until(() -> effects.effectsOf(id) == 1);
    }

    @Test
    void passesOverMessagesOfTypesTheListenerDoesNotNeedLeavingNoInboxRowOrDeadLetter() {
        String key = key();
        UUID unwanted = UUID.randomUUID();
        KafkaRecords.produce(TOPIC, key, unwanted, "SomeoneElsesEvent", "{\"whatever\":1}");
        UUID next = transactions.execute(status -> outbox.send(TOPIC, key, TestEvent.number(2)));

        await().atMost(AWAIT).until(() -> effects.effectsOf(next) == 1);
        assertThat(jdbc.queryForObject("select count(*) from messaging.inbox where message_id = ?", Integer.class, unwanted))
                .as("no inbox row, no transaction").isZero();
        assertThat(countWithId(TopicReader.readAll(DeadLetters.topicFor(TOPIC), Duration.ofMillis(500)), unwanted)).as("not dead-lettered")
                .isZero();
    }

    @Test
    void deadLettersAnUnreadableMessageAtOnceAndProcessesTheNextOneOnItsPartition() {
        String key = key();
        UUID poison = UUID.randomUUID();
        KafkaRecords.produce(TOPIC, key, poison, "TestEvent", "{this is not json");
        UUID next = transactions.execute(status -> outbox.send(TOPIC, key, TestEvent.number(2)));

        await().atMost(AWAIT).until(() -> effects.effectsOf(next) == 1);
        await().atMost(AWAIT).until(() -> countWithId(TopicReader.readAll(DeadLetters.topicFor(TOPIC), Duration.ofMillis(500)), poison) == 1);
        assertThat(effects.effectsOf(poison)).isZero();
        assertThat(meters.get("messaging.dead.letters").tag("topic", TOPIC).counter().count()).as("operators can alert on it").isPositive();
    }

    @Test
    void deadLettersAMessageWhoseHandlerKeepsFailingAfterBoundedRetriesWithoutLosingItsBatch() {
        String key = key();
        List<UUID> ids = transactions.execute(status -> outbox.send(List.of(
                new OutgoingMessage(TOPIC, key, TestEvent.number(1)),
                new OutgoingMessage(TOPIC, key, TestEvent.poison(2)),
                new OutgoingMessage(TOPIC, key, TestEvent.number(3)))));

        await().atMost(AWAIT).until(() -> effects.effectsOf(ids.get(2)) == 1);
        assertThat(effects.effectsOf(ids.get(0))).isEqualTo(1);
        assertThat(effects.effectsOf(ids.get(1))).isZero();
        var deadLetters = TopicReader.readAll(DeadLetters.topicFor(TOPIC), Duration.ofMillis(500));
        assertThat(countWithId(deadLetters, ids.get(1))).isEqualTo(1);
        assertThat(deadLetters).filteredOn(r -> ids.get(1).toString().equals(KafkaRecords.header(r, MessageHeaders.MESSAGE_ID)))
                .allSatisfy(r -> assertThat(KafkaRecords.header(r, "kafka_dlt-exception-message")).contains("always fails"));
    }

    @Test
    void purgesProcessedIdsPastTheirRetentionOnly() {
        Instant now = Instant.now();
        UUID oldProcessed = insertInboxRow(now.minus(8, ChronoUnit.DAYS));
        UUID recentProcessed = insertInboxRow(now.minus(1, ChronoUnit.DAYS));

        purge.purge(now);

        assertThat(jdbc.queryForList("select message_id from messaging.inbox where message_id in (?, ?)", UUID.class, oldProcessed, recentProcessed))
                .containsExactly(recentProcessed);
    }

    private UUID insertInboxRow(Instant processedAt) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into messaging.inbox (consumer, message_id, processed_at) values ('purge-test', ?, ?)", id, Timestamp.from(processedAt));
        return id;
    }

    private static String key() {
        return "key-" + UUID.randomUUID();
    }
}
