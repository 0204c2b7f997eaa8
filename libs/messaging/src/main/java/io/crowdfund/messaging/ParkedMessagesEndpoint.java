package io.crowdfund.messaging;

import java.util.List;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.crowdfund.messaging.ParkedMessages.ParkedMessage;

/**
 * {@code GET /actuator/parkedmessages}: the newest messages the relay parked because Kafka refused
 * them for good (topic, key, type, size, a prefix of the payload, the error, when), for operators
 * only. The whole rows stay in {@code messaging.parked_messages}.
 */
@Endpoint(id = "parkedmessages")
public class ParkedMessagesEndpoint {

    /** Rows shown at most. */
    static final int NEWEST = 100;

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

    /**
     * @param total messages parked in this service's database
     * @param newest the newest of them, newest first
     */
    public record ParkedList(long total, List<ParkedMessage> newest) {
    }
}
