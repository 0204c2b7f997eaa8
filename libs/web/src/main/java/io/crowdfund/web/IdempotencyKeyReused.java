package io.crowdfund.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An Idempotency-Key sent again with a different request: 422, nothing done. */
public class IdempotencyKeyReused extends ErrorResponseException {

    public IdempotencyKeyReused() {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "This Idempotency-Key was already used with a different request");
        problem.setTitle("Idempotency key reused");
        return problem;
    }
}
