package io.crowdfund.web;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sheds load beyond what a replica can hold: at most {@code maxConcurrentRequests} requests are
 * handled at once (virtual threads would otherwise admit every request and park them all on the
 * connection pool until the heap runs out); the next get a 503 problem with {@code Retry-After: 1},
 * which a client answers by resending (with the same Idempotency-Key where money moves). Health and
 * metrics are never shed, so the orchestrator keeps seeing the truth. A request that goes on to
 * wait parked, holding nothing, leaves the count early ({@link ConcurrencyLimit#leave}).
 */
class LoadShedding extends OncePerRequestFilter {

    private final Semaphore permits;
    private final Counter shed;

    LoadShedding(int maxConcurrentRequests, MeterRegistry meters) {
        this.permits = new Semaphore(maxConcurrentRequests);
        this.shed = Counter.builder("http.server.requests.shed").description("Requests refused with 503 because the replica was full")
                .register(meters);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().startsWith("/actuator/")) {
            chain.doFilter(request, response);
            return;
        }
        if (!permits.tryAcquire()) {
            shed.increment();
            response.setHeader("Retry-After", "1");
            Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "Too many requests in progress; try again shortly", request.getRequestURI());
            return;
        }
        var permit = new AtomicBoolean(true);
        request.setAttribute(ConcurrencyLimit.LEAVE, (Runnable) () -> {
            if (permit.getAndSet(false)) {
                permits.release();
            }
        });
        try {
            chain.doFilter(request, response);
        } finally {
            ConcurrencyLimit.leave(request);
        }
    }
}
