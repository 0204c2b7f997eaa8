package io.crowdfund.wallet.token;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Too many login attempts for a username or from an address: 429 with Retry-After. */
public class TooManyLoginAttempts extends ErrorResponseException {

    TooManyLoginAttempts(Duration period) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, period.toSeconds())));
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "Too many login attempts; try again later");
        problem.setTitle("Too many login attempts");
        return problem;
    }
}
