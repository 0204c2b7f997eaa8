package io.crowdfund.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletRequest;

class LoadSheddingTests {

    @Test
    void answers503WithRetryAfterBeyondItsLimitButNeverShedsHealthAndHasRoomAgainAfterwards() throws Exception {
        var meters = new SimpleMeterRegistry();
        var shedding = new LoadShedding(1, meters);
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Thread busy = inFlight(shedding, request -> entered.countDown(), release);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        var refused = new MockHttpServletResponse();
        shedding.doFilter(new MockHttpServletRequest("POST", "/pledges"), refused, (request, response) -> { });
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).startsWith("application/problem+json");

        var health = new MockHttpServletResponse();
        boolean[] reached = new boolean[1];
        shedding.doFilter(new MockHttpServletRequest("GET", "/actuator/health/readiness"), health, (request, response) -> reached[0] = true);
        assertThat(reached[0]).as("probes pass even when full").isTrue();

        release.countDown();
        busy.join();
        var served = new MockHttpServletResponse();
        boolean[] handled = new boolean[1];
        shedding.doFilter(new MockHttpServletRequest("POST", "/pledges"), served, (request, response) -> handled[0] = true);
        assertThat(handled[0]).isTrue();
        assertThat(meters.get("http.server.requests.shed").counter().count()).isEqualTo(1);
    }

    @Test
    void aRequestThatLeavesTheLimitFreesItsSlotOnceWhileItGoesOnWaiting() throws Exception {
        var shedding = new LoadShedding(1, new SimpleMeterRegistry());
        var left = new CountDownLatch(1);
        var release = new CountDownLatch(1); // e.g. Prefer: wait
        Thread waiter = inFlight(shedding, request -> {
            ConcurrencyLimit.leave(request);
            ConcurrencyLimit.leave(request); // twice frees one slot, not two
            left.countDown();
        }, release);
        assertThat(left.await(10, TimeUnit.SECONDS)).isTrue();

        var holding = new CountDownLatch(1);
        var done = new CountDownLatch(1);
        Thread second = inFlight(shedding, request -> holding.countDown(), done);
        assertThat(holding.await(10, TimeUnit.SECONDS)).as("the waiter's slot was free").isTrue();
        var third = new MockHttpServletResponse();
        shedding.doFilter(new MockHttpServletRequest("POST", "/pledges"), third, (request, response) -> { });
        assertThat(third.getStatus()).as("one slot, taken by the second request").isEqualTo(503);

        release.countDown();
        waiter.join();
        var fourth = new MockHttpServletResponse();
        shedding.doFilter(new MockHttpServletRequest("POST", "/pledges"), fourth, (request, response) -> { });
        assertThat(fourth.getStatus()).as("the waiter's end released nothing more").isEqualTo(503);
        done.countDown();
        second.join();
    }

    /** A POST handled on its own virtual thread: once inside, it runs {@code onEntry}, then stays until {@code release}. */
    private static Thread inFlight(LoadShedding shedding, Consumer<ServletRequest> onEntry, CountDownLatch release) {
        return Thread.ofVirtual().start(() -> {
            try {
                shedding.doFilter(new MockHttpServletRequest("POST", "/pledges"), new MockHttpServletResponse(), (request, response) -> {
                    onEntry.accept(request);
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
