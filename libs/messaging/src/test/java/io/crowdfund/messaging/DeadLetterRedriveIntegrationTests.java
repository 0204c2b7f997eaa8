package io.crowdfund.messaging;

import static io.crowdfund.messaging.KafkaRecords.countWithId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.messaging.MessagingTestApplication.EffectRecorder;
import io.crowdfund.messaging.testcontracts.TestEvent;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TopicReader;

/**
 * Operators re-drive dead letters onto their topic, against real PostgreSQL and Kafka: a message
 * that failed while a dependency of its handler was away reaches the consumer once it is back, and
 * only once however often it is re-driven.
 */
@IntegrationTest
@TestPropertySource(properties = {"crowdfund.test.database=messaging_redrive", "test.topic=" + DeadLetterRedriveIntegrationTests.TOPIC})
class DeadLetterRedriveIntegrationTests {

    static final String TOPIC = "kit.redrive";
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
    DeadLettersEndpoint deadLetters;

    @Test
    void aReDrivenDeadLetterReachesTheConsumerOnceWithItsOriginalIdAndKey() {
        String key = "redrive-" + UUID.randomUUID();
        jdbc.update("insert into test_failing_key (message_key) values (?)", key);
        UUID id = transactions.execute(status -> outbox.send(TOPIC, key, TestEvent.number(1)));
        await().atMost(AWAIT).until(() -> countWithId(TopicReader.readAll(DeadLetters.topicFor(TOPIC), Duration.ofMillis(500)), id) == 1);
        assertThat(effects.effectsOf(id)).isZero();
        jdbc.update("delete from test_failing_key where message_key = ?", key);

        var first = deadLetters.redrive(TOPIC, ParkingIntegrationTests.OPERATOR);

        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(first.getBody().redriven()).isPositive();
        assertThat(first.getBody().complete()).isTrue();
        await().atMost(AWAIT).until(() -> effects.effectsOf(id) == 1);

        var second = deadLetters.redrive(TOPIC, ParkingIntegrationTests.OPERATOR);
        assertThat(second.getBody().redriven()).as("each dead letter is re-driven once").isZero();
        assertThat(second.getBody().redrivenBefore()).isEqualTo(first.getBody().redriven() + first.getBody().redrivenBefore());
        UUID marker = transactions.execute(status -> outbox.send(TOPIC, key, TestEvent.number(2)));
        await().atMost(AWAIT).until(() -> effects.effectsOf(marker) == 1);
        assertThat(effects.effectsOf(id)).as("applied once").isEqualTo(1);

        List<ConsumerRecord<String, byte[]>> onTopic = TopicReader.readAll(TOPIC, Duration.ofMillis(500)).stream()
                .filter(record -> id.toString().equals(KafkaRecords.header(record, MessageHeaders.MESSAGE_ID))).toList();
        assertThat(onTopic).as("the original and its one re-drive").hasSize(2);
        ConsumerRecord<String, byte[]> redriven = onTopic.getLast();
        assertThat(redriven.key()).isEqualTo(key);
        assertThat(KafkaRecords.header(redriven, MessageHeaders.MESSAGE_TYPE)).isEqualTo("TestEvent");
        assertThat(KafkaRecords.header(redriven, MessageHeaders.REDRIVEN_FROM)).startsWith(DeadLetters.topicFor(TOPIC) + "-");
        assertThat(redriven.headers()).noneMatch(header -> header.key().startsWith("kafka_dlt-"));
        assertThat(jdbc.queryForObject("select count(*) from messaging.redriven_dead_letters where message_id = ?", Integer.class, id))
                .as("recorded").isEqualTo(1);
    }

    @Test
    void onlyOperatorsReDriveAndOnlyOriginalTopics() {
        assertThat(deadLetters.redrive(TOPIC, SecurityContext.NONE).getStatus()).isEqualTo(403);
        assertThat(deadLetters.redrive(DeadLetters.topicFor(TOPIC), ParkingIntegrationTests.OPERATOR).getStatus()).isEqualTo(400);
    }
}
