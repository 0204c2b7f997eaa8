package io.crowdfund.messaging;

/**
 * A message to record in the outbox.
 *
 * @param topic where it goes
 * @param key the aggregate it serialises on (Kafka keeps one key's messages in order)
 * @param payload the message record
 * @param cause the inbound message it answers, or null for the one being handled on this thread
 *        (a batch handler names each reply's cause so correlation and tracing stay per message)
 * @param traceParent for a message with no cause, the span context it belongs to when that is not
 *        the current span's (a message recorded on another thread for a request); null for the
 *        current span's
 */
public record OutgoingMessage(String topic, String key, Object payload, InboundMessage<?> cause, String traceParent) {

    public OutgoingMessage {
        if (topic == null || topic.isBlank() || key == null || payload == null) {
            throw new IllegalArgumentException("An outgoing message needs a topic, a key and a payload");
        }
    }

    public OutgoingMessage(String topic, String key, Object payload) {
        this(topic, key, payload, null, null);
    }

    public OutgoingMessage(String topic, String key, Object payload, InboundMessage<?> cause) {
        this(topic, key, payload, cause, null);
    }

    /** This message in the given span context (from {@link MessageTracing#currentTraceParent()} on the thread it belongs to). */
    public OutgoingMessage inSpan(String traceParent) {
        return new OutgoingMessage(topic, key, payload, cause, traceParent);
    }
}
