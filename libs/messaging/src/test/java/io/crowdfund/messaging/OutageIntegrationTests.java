package io.crowdfund.messaging;

import static io.crowdfund.messaging.KafkaRecords.countWithId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.messaging.MessagingTestApplication.EffectRecorder;
import io.crowdfund.messaging.testcontracts.TestEvent;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TopicReader;

/**
 * A command whose handler fails for lack of its database is retried until the database is back,
 * far past the ordinary bounded retries, and only its partition waits meanwhile; against real
 * PostgreSQL and Kafka. The outage is the handler's: it fails as a lost connection does for the
 * keys listed as failing (taking the test's real database away would take its inbox too).
 */
@IntegrationTest
@TestPropertySource(properties = {"crowdfund.test.database=messaging_outage", "test.topic=" + OutageIntegrationTests.TOPIC,
        "crowdfund.messaging.consumer.outage.topics=" + OutageIntegrationTests.TOPIC,
        "crowdfund.messaging.consumer.outage.initial-back-off=200ms", "crowdfund.messaging.consumer.outage.max-back-off=1s",
        "crowdfund.messaging.consumer.outage.give-up-after=60s"})
class OutageIntegrationTests {

    static final String TOPIC = "kit.outage";
    private static final int PARTITIONS = 2;
    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    EffectRecorder effects;
    @Autowired
    JdbcTemplate jdbc;

    @TestConfiguration
    static class TwoPartitions {
        @Bean
        KafkaAdmin.NewTopics outageTopic() {
            return Topics.declare(PARTITIONS, TOPIC);
        }
    }

    @Test
    void aCommandFailingForLackOfItsDatabaseWaitsForItWhileOtherPartitionsGoOn() {
        String waiting = keyOnPartition(0);
        String other = keyOnPartition(1);
        jdbc.update("insert into test_failing_key (message_key, failure) values (?, 'outage')", waiting);
        UUID held = transactions.execute(status -> outbox.send(TOPIC, waiting, TestEvent.number(1)));

        // well past the ordinary retries (4 deliveries within 0.2 s here), the message is still waiting
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> effects.effectsOf(held) == 0);
        UUID passing = transactions.execute(status -> outbox.send(TOPIC, other, TestEvent.number(2)));
        await().atMost(AWAIT).until(() -> effects.effectsOf(passing) == 1);
        assertThat(effects.effectsOf(held)).as("still waiting for its database").isZero();

        jdbc.update("delete from test_failing_key where message_key = ?", waiting);

        await().atMost(AWAIT).until(() -> effects.effectsOf(held) == 1);
        assertThat(countWithId(TopicReader.readAll(DeadLetters.topicFor(TOPIC), Duration.ofMillis(500)), held)).as("never dead-lettered").isZero();
    }

    @Test
    void aCommandFailingForAnyOtherReasonStillGoesToTheDeadLetterTopicAfterTheOrdinaryRetries() {
        String key = keyOnPartition(1);
        jdbc.update("insert into test_failing_key (message_key, failure) values (?, 'rule')", key);
        UUID failing = transactions.execute(status -> outbox.send(TOPIC, key, TestEvent.number(1)));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> countWithId(TopicReader.readAll(DeadLetters.topicFor(TOPIC), Duration.ofMillis(500)), failing) == 1);
        assertThat(effects.effectsOf(failing)).isZero();
    }

    /** A fresh key that the default partitioner sends to the given partition of the topic. */
    private static String keyOnPartition(int partition) {
        while (true) {
            String key = "outage-" + UUID.randomUUID();
            if (Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS == partition) {
                return key;
            }
        }
    }
}
