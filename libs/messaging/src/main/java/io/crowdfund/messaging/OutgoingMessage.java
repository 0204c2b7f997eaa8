package io.crowdfund.messaging;

/**
 * A message to record in the outbox.
 *
 * @param topic where it goes
 * @param key the aggregate it serialises on (Kafka keeps one key's messages in order)
 * @param payload the message record
 * @param cause the inbound message it answers, or null for the one being handled on this thread
 *        (a batch handler names each reply's cause so correlation and tracing stay per message)
 */
public record OutgoingMessage(String topic, String key, Object payload, InboundMessage<?> cause) {

    public OutgoingMessage {
        if (topic == null || topic.isBlank() || key == null || payload == null) {
            throw new IllegalArgumentException("An outgoing message needs a topic, a key and a payload");
        }
    }

    public OutgoingMessage(String topic, String key, Object payload) {
        this(topic, key, payload, null);
    }
}
