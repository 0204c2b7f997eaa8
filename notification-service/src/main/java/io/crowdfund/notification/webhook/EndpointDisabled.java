package io.crowdfund.notification.webhook;

import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** A disabled endpoint gets nothing (no ping, no redelivery) until its owner enables it again: 409. */
class EndpointDisabled extends ProblemException {

    EndpointDisabled(Object webhookId) {
        super(HttpStatus.CONFLICT, "Endpoint disabled",
                "Webhook " + webhookId + " was disabled after failing for too long; enable it with POST /webhooks/" + webhookId + "/enable");
    }
}
