package io.crowdfund.messaging;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code POST /actuator/deadletters/{topic}}: re-drives the dead letters of a topic (from
 * {@code <topic>.DLT} back onto it, each record once, with its key, id and headers), for operators
 * only. Consumers are idempotent, so a message they already applied has no second effect.
 */
@Endpoint(id = "deadletters")
public class DeadLettersEndpoint {

    private final DeadLetterRedrive redrive;

    DeadLettersEndpoint(DeadLetterRedrive redrive) {
        this.redrive = redrive;
    }

    @WriteOperation
    public WebEndpointResponse<DeadLetterRedrive.Result> redrive(@Selector String topic, SecurityContext security) {
        if (!Operators.allowed(security)) {
            return new WebEndpointResponse<>(Operators.FORBIDDEN);
        }
        if (topic.endsWith(DeadLetters.SUFFIX)) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        return new WebEndpointResponse<>(redrive.redrive(topic));
    }
}
