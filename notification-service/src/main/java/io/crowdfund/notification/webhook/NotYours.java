package io.crowdfund.notification.webhook;

import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** An endpoint or delivery that does not exist or is someone else's (not telling which): 404. */
class NotYours extends ProblemException {

    NotYours(String what) {
        super(HttpStatus.NOT_FOUND, "Not found", "There is no " + what + " of yours");
    }
}
