package io.crowdfund.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records messages in the caller's transaction: they are published if and only if it commits.
 * There is no other way for a service to publish, so a state change and its message can never
 * part ways (no dual writes). A message continues the trace of its cause, else of the current
 * span (the HTTP request that recorded it), through the {@code traceparent} header.
 */
public class Outbox {

    private static final String INSERT = """
            insert into messaging.outbox
                (message_id, topic, message_key, message_type, payload, correlation_id, causation_id, trace_parent)
            values (?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final MessageCodec codec;
    private final Runnable onCommit;
    private final MessageTracing tracing;

    Outbox(JdbcTemplate jdbc, MessageCodec codec, Runnable onCommit, MessageTracing tracing) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.onCommit = onCommit;
        this.tracing = tracing;
    }

    /** Records one message; returns its id. */
    public UUID send(String topic, String key, Object payload) {
        return send(List.of(new OutgoingMessage(topic, key, payload))).getFirst();
    }

    /** Records messages in one batched statement; returns their ids in order. */
    public List<UUID> send(List<OutgoingMessage> messages) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.send needs a transaction: the message must commit with the state it reports");
        }
        var current = MessageContext.current();
        List<UUID> ids = new ArrayList<>(messages.size());
        List<Object[]> rows = new ArrayList<>(messages.size());
        // the current span's context, for messages with no cause (read once, and only when one has none)
        String spanContext = current.isEmpty() && messages.stream().anyMatch(message -> message.cause() == null && message.traceParent() == null)
                ? tracing.currentTraceParent() : null;
        for (OutgoingMessage message : messages) {
            UUID id = Ids.next();
            ids.add(id);
            var cause = message.cause() != null ? Optional.<InboundMessage<?>>of(message.cause()) : current;
            rows.add(new Object[] {id, message.topic(), message.key(), MessageTypes.nameOf(message.payload().getClass()),
                    codec.encode(message.payload()),
                    cause.map(InboundMessage::correlationId).orElse(id),
                    cause.map(InboundMessage::id).orElse(null),
                    cause.isPresent() ? cause.get().traceParent() : message.traceParent() != null ? message.traceParent() : spanContext});
        }
        jdbc.batchUpdate(INSERT, rows);
        wakeRelayAfterCommit();
        return ids;
    }

    private void wakeRelayAfterCommit() {
        if (TransactionSynchronizationManager.hasResource(this)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                onCommit.run();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
            }
        });
    }
}
