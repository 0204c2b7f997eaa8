package io.crowdfund.webapp.services;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;


/** closure-service's public API. */
@HttpExchange
public interface ClosureClient {

    @GetExchange("/closures/{campaignId}")
    Closure get(@PathVariable UUID campaignId);

    @PostExchange("/closures/{campaignId}/close")
    Closure closeNow(@PathVariable UUID campaignId);

    @GetExchange("/closures")
    Paged<Closure> list(@RequestParam(required = false) String state, @RequestParam int page, @RequestParam int size);

    record Closure(UUID campaignId, Instant deadline, String state, String outcome, long pledgesSettled, BigDecimal amountRefunded,
            BigDecimal amountPaidOut, BigDecimal platformFee, Instant closedAt, Instant settledAt) {

        public boolean isSettled() {
            return "SETTLED".equals(state);
        }
    }
}
