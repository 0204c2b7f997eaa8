package io.crowdfund.campaign.live.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/**
 * A live stream refused: 429 when the client already has as many open on this replica as one
 * client may, 503 when the replica has as many as it holds; either with {@code Retry-After}.
 */
class TooManyStreams extends ProblemException {

    private TooManyStreams(HttpStatus status, String detail, Duration retryAfter) {
        super(status, "Too many live streams", detail);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    static TooManyStreams fromClient(int limit, Duration retryAfter) {
        return new TooManyStreams(HttpStatus.TOO_MANY_REQUESTS, "At most " + limit + " live streams may be open from one client", retryAfter);
    }

    static TooManyStreams onReplica(Duration retryAfter) {
        return new TooManyStreams(HttpStatus.SERVICE_UNAVAILABLE, "This replica holds as many live streams as it can; try again shortly",
                retryAfter);
    }
}
