package io.crowdfund.wallet.token;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** Too many login attempts for a username or from an address: 429 with Retry-After. */
public class TooManyLoginAttempts extends ProblemException {

    TooManyLoginAttempts(Duration period) {
        super(HttpStatus.TOO_MANY_REQUESTS, "Too many login attempts", "Too many login attempts; try again later");
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, period.toSeconds())));
    }
}
