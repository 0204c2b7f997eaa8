package io.crowdfund.messaging;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.crowdfund.messaging.ParkedMessages.ParkedMessage;
import io.crowdfund.messaging.ParkedMessages.Resent;

/**
 * The messages the relay parked because Kafka refused them for good, for operators only:
 * {@code GET /actuator/parkedmessages} lists the newest (topic, key, type, size, a prefix of the
 * payload, the error, when; the whole rows stay in {@code messaging.parked_messages});
 * {@code POST /actuator/parkedmessages/{outboxId}} sends one again (back into the outbox, its parked
 * row removed, in one transaction) and {@code DELETE /actuator/parkedmessages/{outboxId}} deletes
 * it for good. Both are logged with the operator and the message.
 */
@Endpoint(id = "parkedmessages")
public class ParkedMessagesEndpoint {

    /** Rows shown at most. */
    static final int NEWEST = 100;

    private static final Logger log = LoggerFactory.getLogger(ParkedMessagesEndpoint.class);

    private final ParkedMessages parked;

    ParkedMessagesEndpoint(ParkedMessages parked) {
        this.parked = parked;
    }

    @ReadOperation
    public WebEndpointResponse<ParkedList> newest(SecurityContext security) {
        if (!Operators.allowed(security)) {
            return new WebEndpointResponse<>(Operators.FORBIDDEN);
        }
        return new WebEndpointResponse<>(new ParkedList(parked.count(), parked.newest(NEWEST)));
    }

    @WriteOperation
    public WebEndpointResponse<Resent> resend(@Selector long outboxId, SecurityContext security) {
        if (!Operators.allowed(security)) {
            return new WebEndpointResponse<>(Operators.FORBIDDEN);
        }
        return parked.resend(outboxId).map(resent -> {
            log.warn("Operator {} sent parked message {} again: {}; it is outbox row {} now", Operators.who(security), outboxId,
                    describe(resent.message()), resent.outboxId());
            return new WebEndpointResponse<>(resent);
        }).orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
    }

    @DeleteOperation
    public WebEndpointResponse<ParkedMessage> delete(@Selector long outboxId, SecurityContext security) {
        if (!Operators.allowed(security)) {
            return new WebEndpointResponse<>(Operators.FORBIDDEN);
        }
        return parked.delete(outboxId).map(deleted -> {
            log.warn("Operator {} deleted parked message {} for good: {}", Operators.who(security), outboxId, describe(deleted));
            return new WebEndpointResponse<>(deleted);
        }).orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
    }

    private static String describe(ParkedMessage message) {
        return "message id %s, %s on %s, key %s, %d bytes, recorded %s, parked %s for %s".formatted(message.messageId(), message.type(),
                message.topic(), message.key(), message.payloadBytes(), message.createdAt(), message.parkedAt(), message.error());
    }

    /**
     * @param total messages parked in this service's database
     * @param newest the newest of them, newest first
     */
    public record ParkedList(long total, List<ParkedMessage> newest) {
    }
}
