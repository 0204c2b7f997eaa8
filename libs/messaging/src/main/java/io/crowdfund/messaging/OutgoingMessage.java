package io.crowdfund.messaging;

/**
 * A message to record in the outbox.
 *
 * @param topic where it goes
 * @param key the aggregate it serialises on (Kafka keeps one key's messages in order)
 * @param payload the message record
 */
public record OutgoingMessage(String topic, String key, Object payload) {

    public OutgoingMessage {
        if (topic == null || topic.isBlank() || key == null || payload == null) {
            throw new IllegalArgumentException("An outgoing message needs a topic, a key and a payload");
        }
    }
}
