package io.crowdfund.web;

import org.springframework.http.HttpStatus;

/** An Idempotency-Key sent again with a different request: 422, nothing done. */
public class IdempotencyKeyReused extends ProblemException {

    public IdempotencyKeyReused() {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused", "This Idempotency-Key was already used with a different request");
    }
}
