package io.crowdfund.pledge.saga;

import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** Authenticated, but not someone who may see or change this pledge: 403. */
class NotAllowed extends ProblemException {

    NotAllowed(String detail) {
        super(HttpStatus.FORBIDDEN, "Not allowed", detail);
    }
}
