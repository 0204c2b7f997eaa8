package io.crowdfund.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class TooManyRequestsTests {

    @Test
    void isA429ProblemWithRetryAfterInWholeSecondsRoundedUp() {
        var refused = new TooManyRequests("deposits-per-user", Duration.ofMillis(28_800_200));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.getBody().getDetail()).contains("deposits-per-user");
        assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("28801");
    }

    @Test
    void neverAsksToRetryAfterLessThanASecond() {
        assertThat(new TooManyRequests("pings", Duration.ofNanos(1)).retryAfterSeconds()).isEqualTo(1);
        assertThat(new TooManyRequests("pings", Duration.ZERO).retryAfterSeconds()).isEqualTo(1);
        assertThat(new TooManyRequests("pings", Duration.ofSeconds(60)).retryAfterSeconds()).isEqualTo(60);
    }
}
