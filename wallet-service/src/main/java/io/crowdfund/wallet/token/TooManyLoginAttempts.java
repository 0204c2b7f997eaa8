package io.crowdfund.wallet.token;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** Too many failed logins for a username or from an address: 429 with Retry-After, the seconds until one more is allowed. */
class TooManyLoginAttempts extends ProblemException {

    TooManyLoginAttempts(long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, "Too many login attempts", "Too many login attempts; try again later");
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
    }
}
