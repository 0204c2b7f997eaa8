package io.crowdfund.messaging;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.crowdfund.messaging.testcontracts.TestEvent;

/**
 * A minimal service for the kit's tests: it consumes TestEvents and records each effect in a table.
 * It fails on messages of the keys listed in {@code test_failing_key} while they are listed.
 */
@SpringBootApplication
class MessagingTestApplication {

    static final String CONSUMER = "test-consumer";

    @Component
    static class EffectRecorder {

        private final IdempotentConsumer consumer;
        private final JdbcTemplate jdbc;
        private final Outbox outbox;
        private volatile Thread listenerThread;

        EffectRecorder(IdempotentConsumer consumer, JdbcTemplate jdbc, Outbox outbox) {
            this.consumer = consumer;
            this.jdbc = jdbc;
            this.outbox = outbox;
        }

        @KafkaListener(topics = "${test.topic}", groupId = "${test.topic}-group")
        void on(List<ConsumerRecord<String, byte[]>> records) {
            listenerThread = Thread.currentThread();
            consumer.processEach(CONSUMER, records, Set.of(TestEvent.class), message -> {
                TestEvent event = message.payloadAs(TestEvent.class);
                if (event.explode()) {
                    throw new IllegalStateException("Test event " + event.sequence() + " always fails");
                }
                failIfListed(message.key());
                jdbc.update("insert into test_effect (message_id, message_key, sequence, amount, trace_id) values (?, ?, ?, ?, ?)",
                        message.id(), message.key(), event.sequence(), event.amount(), MDC.get("traceId"));
                if (event.forwardTo() != null) {
                    outbox.send(event.forwardTo(), message.key(), TestEvent.number(event.sequence() + 1));
                }
            });
        }

        private void failIfListed(String key) {
            List<String> failure = jdbc.queryForList("select failure from test_failing_key where message_key = ?", String.class, key);
            if (failure.contains("outage")) {
                throw new CannotGetJdbcConnectionException("Test outage: no connection for key " + key);
            }
            if (!failure.isEmpty()) {
                throw new IllegalStateException("Messages of key " + key + " fail for now");
            }
        }

        /** The thread that last called the listener. */
        Thread listenerThread() {
            return listenerThread;
        }

        int effectsOf(UUID messageId) {
            return jdbc.queryForObject("select count(*) from test_effect where message_id = ?", Integer.class, messageId);
        }

        int effectsOfKey(String key) {
            return jdbc.queryForObject("select count(*) from test_effect where message_key = ?", Integer.class, key);
        }
    }
}
