package io.crowdfund.messaging;

import java.util.UUID;

/**
 * A message as a consumer sees it: the decoded record plus its envelope.
 *
 * @param id unique message id (the inbox key)
 * @param type wire type name
 * @param key Kafka key (the aggregate the message serialises on)
 * @param correlationId id of the business flow
 * @param causationId id of the message that caused this one, or null
 * @param traceParent W3C trace context, or null
 * @param payload the message record
 */
public record InboundMessage<T>(UUID id, String type, String key, UUID correlationId, UUID causationId,
        String traceParent, T payload) {

    /** The payload as the given contract type; the caller has checked it with {@link #is(Class)}. */
    public <P> P payloadAs(Class<P> contract) {
        return contract.cast(payload);
    }

    public boolean is(Class<?> contract) {
        return contract.isInstance(payload);
    }

    /** The same message in another trace context (its consumer span's). */
    InboundMessage<T> withTraceParent(String context) {
        return new InboundMessage<>(id, type, key, correlationId, causationId, context, payload);
    }
}
