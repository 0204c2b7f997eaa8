package io.crowdfund.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.messaging.MessagingTestApplication.EffectRecorder;
import io.crowdfund.messaging.testcontracts.TestEvent;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TopicReader;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * One flow is one trace across Kafka, against real PostgreSQL, a real broker and the OpenTelemetry
 * bridge: the outbox records the current span's context, the consumer continues it in a span of
 * its own (whose trace id is in the logging context while the handler runs), and what the handler
 * records is a child of that consumer span. Sampling is off here, the worst case for the logs: an
 * unsampled trace must still carry its id everywhere.
 */
@IntegrationTest
@TestPropertySource(properties = {"crowdfund.test.database=messaging_tracing", "test.topic=" + TracingIntegrationTests.TOPIC,
        "management.tracing.sampling.probability=0"})
class TracingIntegrationTests {

    static final String TOPIC = "kit.tracing";
    static final String FORWARDED = "kit.tracing.forwarded";
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
    Tracer tracer;
    @Autowired
    MessageTracing tracing;

    @Test
    void aMessageAndWhatItCausesContinueTheTraceOfTheSpanThatRecordedIt() {
        String key = UUID.randomUUID().toString();
        Span request = tracer.nextSpan().name("POST /test").start();
        UUID id;
        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            id = transactions.execute(status -> outbox.send(TOPIC, key, TestEvent.forwarded(1, FORWARDED)));
        } finally {
            request.end();
        }
        String traceId = request.context().traceId();

        assertThat(jdbc.queryForObject("select trace_parent from messaging.outbox where message_id = ?", String.class, id))
                .as("recorded in the request's span").startsWith("00-" + traceId + "-" + request.context().spanId() + "-");
        await().atMost(AWAIT).until(() -> effects.effectsOf(id) == 1);
        assertThat(traceIdOfEffect(id)).as("the handler logs with the request's trace id").isEqualTo(traceId);

        ConsumerRecord<String, byte[]> next = await().atMost(AWAIT).until(() -> TopicReader.readAll(FORWARDED, Duration.ofMillis(500)).stream()
                .filter(record -> id.toString().equals(KafkaRecords.header(record, MessageHeaders.CAUSATION_ID))).findFirst().orElse(null),
                record -> record != null);
        String[] parent = KafkaRecords.header(next, MessageHeaders.TRACE_PARENT).split("-");
        assertThat(parent[1]).as("same trace").isEqualTo(traceId);
        assertThat(parent[2]).as("child of the consumer's span, not of the request's").isNotEqualTo(request.context().spanId()).hasSize(16);
    }

    @Test
    void aMessageRecordedOnAnotherThreadForASpanContinuesThatSpansTrace() throws Exception {
        String key = UUID.randomUUID().toString();
        Span request = tracer.nextSpan().name("POST /test").start();
        String traceParent;
        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            traceParent = tracing.currentTraceParent();
        } finally {
            request.end();
        }
        UUID id = sendOnAThreadWithoutSpan(key, traceParent);

        assertThat(traceParent).startsWith("00-" + request.context().traceId() + "-" + request.context().spanId() + "-");
        await().atMost(AWAIT).until(() -> effects.effectsOf(id) == 1);
        assertThat(traceIdOfEffect(id)).as("the handler logs with the request's trace id, not a trace of its own")
                .isEqualTo(request.context().traceId());
    }

    /** As a writer thread with no span of its own records a message for a request. */
    private UUID sendOnAThreadWithoutSpan(String key, String traceParent) throws Exception {
        var sent = new CompletableFuture<UUID>();
        Thread.ofPlatform().start(() -> sent.complete(transactions.execute(status -> outbox.send(List.of(
                new OutgoingMessage(TOPIC, key, TestEvent.forwarded(1, FORWARDED)).inSpan(traceParent))).getFirst())));
        return sent.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aMessageWithoutTraceContextStartsATraceOfItsOwn() {
        String key = UUID.randomUUID().toString();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        KafkaRecords.produce(TOPIC, key, first, "TestEvent", "{\"sequence\":1,\"amount\":1.00,\"explode\":false}");
        KafkaRecords.produce(TOPIC, key, second, "TestEvent", "{\"sequence\":2,\"amount\":1.00,\"explode\":false}");

        await().atMost(AWAIT).until(() -> effects.effectsOf(second) == 1);
        assertThat(traceIdOfEffect(first)).hasSize(32).isNotEqualTo(traceIdOfEffect(second));
    }

    private String traceIdOfEffect(UUID messageId) {
        return jdbc.queryForObject("select trace_id from test_effect where message_id = ?", String.class, messageId);
    }
}
