package io.crowdfund.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.messaging.MessagingTestApplication.EffectRecorder;
import io.crowdfund.messaging.ParkedMessages.ParkedMessage;
import io.crowdfund.messaging.testcontracts.TestEvent;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Messages Kafka refuses for good are parked, and the rows behind them go on, against real
 * PostgreSQL and Kafka; operators see them, send one again or delete it. The application's own relay
 * is off; each test builds its relay, with a meter registry of its own.
 */
@IntegrationTest
@TestPropertySource(properties = {"crowdfund.test.database=messaging_parking", "test.topic=" + ParkingIntegrationTests.TOPIC,
        "crowdfund.messaging.relay.enabled=false"})
@ExtendWith(OutputCaptureExtension.class)
class ParkingIntegrationTests {

    static final String TOPIC = "kit.parking";
    /** A topic whose broker-side limit is far below the producer's. */
    static final String SMALL_TOPIC = "kit.parking.small";
    private static final Duration AWAIT = Duration.ofSeconds(30);
    static final SecurityContext OPERATOR = new SecurityContext() {
        @Override
        public Principal getPrincipal() {
            return () -> "operator";
        }

        @Override
        public boolean isUserInRole(String role) {
            return Operators.ROLE.equals(role);
        }
    };

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    EffectRecorder effects;
    @Autowired
    JdbcTemplate jdbc;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void parksAMessageTooLargeForTheProducerInTheMiddleOfABatchAndPublishesTheOthersInOrder() {
        String key = "large-" + UUID.randomUUID();
        String otherKey = "other-" + UUID.randomUUID();
        List<UUID> ids = transactions.execute(status -> outbox.send(List.of(
                new OutgoingMessage(TOPIC, key, TestEvent.number(1)),
                new OutgoingMessage(TOPIC, key, oversized(2, 1_200_000)), // the case: over the producer's 1 MiB max.request.size
                new OutgoingMessage(TOPIC, otherKey, TestEvent.number(3)),
                new OutgoingMessage(TOPIC, key, TestEvent.number(4)))));
        OutboxRelay relay = relay(Map.of());

        assertThat(relay.relayBatch()).as("one pass takes the whole batch").isEqualTo(4);

        await().atMost(AWAIT).until(() -> effects.effectsOf(ids.get(3)) == 1 && effects.effectsOf(ids.get(2)) == 1);
        assertThat(sequencesOf(key)).as("the messages before and after it, in order").containsExactly(1, 4);
        assertThat(effects.effectsOf(ids.get(1))).isZero();
        assertThat(outboxRows(ids)).as("nothing left in the outbox").isZero();
        Map<String, Object> parked = jdbc.queryForMap("select topic, message_key, payload_bytes, error from messaging.parked_messages where message_id = ?",
                ids.get(1));
        assertThat(parked).containsEntry("topic", TOPIC).containsEntry("message_key", key);
        assertThat((Integer) parked.get("payload_bytes")).isGreaterThan(1_200_000);
        assertThat((String) parked.get("error")).contains("RecordTooLargeException");
        assertThat(meters.get(OutboxRelay.PARKED).counter().count()).as("counted for the alert").isEqualTo(1);
        assertThat(meters.get("outbox.relay.published").counter().count()).isEqualTo(3);
        relay.stop();
    }

    @Test
    void parksAMessageTheBrokerRefusesForItsTopicAndGoesOnWithTheRest() throws Exception {
        createTopic(SMALL_TOPIC, Map.of("max.message.bytes", "4096"));
        String key = "broker-" + UUID.randomUUID();
        List<UUID> ids = transactions.execute(status -> outbox.send(List.of(
                new OutgoingMessage(TOPIC, key, TestEvent.number(1)),
                new OutgoingMessage(SMALL_TOPIC, key, oversized(2, 20_000)), // within the producer's limit, over the topic's
                new OutgoingMessage(TOPIC, key, TestEvent.number(3)))));
        OutboxRelay relay = relay(Map.of());

        await().atMost(AWAIT).until(() -> {
            try {
                relay.relayBatch();
            } catch (RuntimeException retried) {
                // as the relay's loop does: the batch is taken again
            }
            return outboxRows(ids) == 0;
        });

        await().atMost(AWAIT).until(() -> effects.effectsOf(ids.get(2)) == 1);
        assertThat(sequencesOf(key)).containsExactly(1, 3);
        assertThat(jdbc.queryForObject("select error from messaging.parked_messages where message_id = ?", String.class, ids.get(1)))
                .contains("TooLarge");
        assertThat(meters.get(OutboxRelay.PARKED).counter().count()).isEqualTo(1);
        relay.stop();
    }

    @Test
    void aBrokerThatCannotBeReachedParksNothingAndLeavesTheBatchToBeSentAgain() {
        String key = "unreachable-" + UUID.randomUUID();
        List<UUID> ids = transactions.execute(status -> outbox.send(List.of(
                new OutgoingMessage(TOPIC, key, TestEvent.number(1)),
                new OutgoingMessage(TOPIC, key, TestEvent.number(2)))));
        OutboxRelay unreachable = relay(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1", ProducerConfig.MAX_BLOCK_MS_CONFIG, 300));

        assertThatThrownBy(unreachable::relayBatch).hasMessageContaining("did not acknowledge");

        assertThat(outboxRows(ids)).as("the batch is still in the outbox").isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from messaging.parked_messages where message_key = ?", Integer.class, key)).isZero();
        assertThat(meters.get(OutboxRelay.PARKED).counter().count()).isZero();
        unreachable.stop();

        OutboxRelay reachable = relay(Map.of());
        reachable.relayBatch();
        await().atMost(AWAIT).until(() -> effects.effectsOf(ids.get(1)) == 1);
        assertThat(sequencesOf(key)).containsExactly(1, 2);
        reachable.stop();
    }

    @Test
    void operatorsSeeTheNewestParkedMessagesWithoutTheirWholePayload() {
        String key = "shown-" + UUID.randomUUID();
        UUID id = transactions.execute(status -> outbox.send(TOPIC, key, oversized(1, 1_100_000)));
        OutboxRelay relay = relay(Map.of());
        relay.relayBatch();
        var endpoint = endpoint();

        var shown = endpoint.newest(OPERATOR);

        assertThat(shown.getStatus()).isEqualTo(200);
        assertThat(shown.getBody().total()).isPositive();
        ParkedMessage parked = shown.getBody().newest().getFirst();
        assertThat(parked.messageId()).as("newest first").isEqualTo(id);
        assertThat(parked.key()).isEqualTo(key);
        assertThat(parked.type()).isEqualTo("TestEvent");
        assertThat(parked.payloadBytes()).isGreaterThan(1_100_000);
        assertThat(parked.payloadPrefix()).hasSize(ParkedMessages.PREFIX_CHARS).startsWith("{\"sequence\":1");
        assertThat(parked.error()).contains("RecordTooLargeException");
        assertThat(shown.getBody().newest()).hasSizeLessThanOrEqualTo(ParkedMessagesEndpoint.NEWEST);
        assertThat(endpoint.newest(SecurityContext.NONE).getStatus()).as("operators only").isEqualTo(403);
        relay.stop();
    }

    @Test
    void operatorsSendAParkedMessageAgainOnceItsCauseIsFixedAndItIsAppliedOnce(CapturedOutput output) {
        String key = "resent-" + UUID.randomUUID();
        UUID id = parkedByATooSmallProducerLimit(key);
        long parkedId = parkedIdOf(id);
        long parkedBefore = parkedCount();
        var endpoint = endpoint();

        assertThat(endpoint.resend(parkedId, SecurityContext.NONE).getStatus()).as("operators only").isEqualTo(403);
        var resent = endpoint.resend(parkedId, OPERATOR);

        assertThat(resent.getStatus()).isEqualTo(200);
        assertThat(resent.getBody().message().messageId()).isEqualTo(id);
        assertThat(resent.getBody().outboxId()).as("a new row, behind what the outbox holds").isGreaterThan(parkedId);
        assertThat(parkedCount()).isEqualTo(parkedBefore - 1);
        assertThat(jdbc.queryForObject("select count(*) from messaging.outbox where message_id = ? and id = ? and message_key = ?",
                Integer.class, id, resent.getBody().outboxId(), key)).isEqualTo(1);
        assertThat(output).contains("Operator operator sent parked message " + parkedId + " again: message id " + id);
        assertThat(endpoint.resend(parkedId, OPERATOR).getStatus()).as("sent already").isEqualTo(404);

        // the limit raised: the relay publishes it, and the consumer applies it once
        OutboxRelay relay = relay(Map.of());
        relay.relayBatch();
        await().atMost(AWAIT).until(() -> effects.effectsOf(id) == 1);
        assertThat(sequencesOf(key)).containsExactly(1);
        relay.stop();
    }

    @Test
    void operatorsDeleteAParkedMessageForGoodAndWhoDidItIsLogged(CapturedOutput output) {
        String key = "deleted-" + UUID.randomUUID();
        UUID id = parkedByATooSmallProducerLimit(key);
        long parkedId = parkedIdOf(id);
        var endpoint = endpoint();

        assertThat(endpoint.delete(parkedId, SecurityContext.NONE).getStatus()).as("operators only").isEqualTo(403);
        assertThat(parkedCountOf(id)).isEqualTo(1);
        var deleted = endpoint.delete(parkedId, OPERATOR);

        assertThat(deleted.getStatus()).isEqualTo(200);
        assertThat(deleted.getBody().messageId()).isEqualTo(id);
        assertThat(deleted.getBody().key()).isEqualTo(key);
        assertThat(parkedCountOf(id)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from messaging.outbox where message_id = ?", Integer.class, id)).isZero();
        assertThat(output).contains("Operator operator deleted parked message " + parkedId + " for good: message id " + id + ", TestEvent on "
                + TOPIC + ", key " + key);
        assertThat(endpoint.delete(parkedId, OPERATOR).getStatus()).isEqualTo(404);
    }

    @Test
    void sendingAParkedMessageAgainIsOneTransaction() {
        UUID id = parkedByATooSmallProducerLimit("atomic-" + UUID.randomUUID());
        long parkedId = parkedIdOf(id);
        String trigger = "refuse_" + parkedId;
        jdbc.execute("""
                create function messaging.%1$s() returns trigger language plpgsql as $$
                begin
                    if old.id = %2$d then raise exception 'injected failure'; end if;
                    return old;
                end $$""".formatted(trigger, parkedId));
        jdbc.execute("create trigger %1$s before delete on messaging.parked_messages for each row execute function messaging.%1$s()".formatted(trigger));
        try {
            assertThatThrownBy(() -> endpoint().resend(parkedId, OPERATOR)).hasMessageContaining("injected failure");
        } finally {
            jdbc.execute("drop trigger %1$s on messaging.parked_messages".formatted(trigger));
            jdbc.execute("drop function messaging.%1$s()".formatted(trigger));
        }
        assertThat(parkedCountOf(id)).as("still parked").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from messaging.outbox where message_id = ?", Integer.class, id))
                .as("not in the outbox either").isZero();
    }

    /** Records a message of about 600 bytes and parks it with a producer whose limit is 400. */
    private UUID parkedByATooSmallProducerLimit(String key) {
        UUID id = transactions.execute(status -> outbox.send(TOPIC, key, oversized(1, 600)));
        OutboxRelay small = relay(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 400));
        small.relayBatch();
        small.stop();
        assertThat(parkedCountOf(id)).isEqualTo(1);
        return id;
    }

    private ParkedMessagesEndpoint endpoint() {
        return new ParkedMessagesEndpoint(new ParkedMessages(jdbc, transactions, () -> { }));
    }

    private long parkedIdOf(UUID messageId) {
        return jdbc.queryForObject("select id from messaging.parked_messages where message_id = ?", Long.class, messageId);
    }

    private int parkedCountOf(UUID messageId) {
        return jdbc.queryForObject("select count(*) from messaging.parked_messages where message_id = ?", Integer.class, messageId);
    }

    private long parkedCount() {
        return jdbc.queryForObject("select count(*) from messaging.parked_messages", Long.class);
    }

    private static TestEvent oversized(int sequence, int size) {
        return new TestEvent(sequence, BigDecimal.ONE, false, "x".repeat(size));
    }

    private List<Integer> sequencesOf(String key) {
        return jdbc.queryForList("select sequence from test_effect where message_key = ? order by id", Integer.class, key);
    }

    private int outboxRows(List<UUID> ids) {
        return jdbc.queryForObject("select count(*) from messaging.outbox where message_id = any(?)", Integer.class,
                (Object) ids.toArray(UUID[]::new));
    }

    private OutboxRelay relay(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        config.putAll(overrides);
        var producers = new DefaultKafkaProducerFactory<String, byte[]>(config, new StringSerializer(), new ByteArraySerializer());
        var settings = new MessagingProperties.Relay(true, Duration.ofMillis(200), 100, Duration.ofSeconds(10), Duration.ofMillis(2));
        return new OutboxRelay(new OutboxStore(jdbc), producers.createProducer(), transactions, settings, meters);
    }

    private static void createTopic(String topic, Map<String, String> config) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(config))).all().get();
            }
        }
    }
}
