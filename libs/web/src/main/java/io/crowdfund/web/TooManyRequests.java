package io.crowdfund.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** A velocity limit was reached: 429 with {@code Retry-After}, the whole seconds until the request would pass. */
public class TooManyRequests extends ProblemException {

    private final Duration retryAfter;

    public TooManyRequests(String limit, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", "The limit '" + limit + "' is reached; try again later");
        this.retryAfter = retryAfter;
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds()));
    }

    /** Whole seconds, rounded up, at least 1. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
