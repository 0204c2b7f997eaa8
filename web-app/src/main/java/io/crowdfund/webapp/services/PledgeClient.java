package io.crowdfund.webapp.services;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;


/** pledge-service's public API, as the pages use it. */
@HttpExchange
public interface PledgeClient {

    @PostExchange("/pledges")
    Pledge pledge(@RequestBody NewPledge pledge, @RequestHeader("Idempotency-Key") String idempotencyKey,
            @RequestHeader("Prefer") String prefer);

    @GetExchange("/pledges/{id}")
    Pledge get(@PathVariable UUID id);

    @GetExchange("/pledges")
    Paged<Pledge> mine(@RequestParam(required = false) String status, @RequestParam int page, @RequestParam int size);

    @GetExchange("/pledges")
    Paged<Pledge> ofCampaign(@RequestParam UUID campaignId, @RequestParam int page, @RequestParam int size);

    @DeleteExchange("/pledges/{id}")
    Pledge cancel(@PathVariable UUID id);

    @GetExchange("/pledges/timeline")
    Timeline timeline(@RequestParam UUID campaignId);

    record NewPledge(UUID campaignId, BigDecimal amount, UUID rewardTierId) {
    }

    record Pledge(UUID id, UUID campaignId, UUID backerId, BigDecimal amount, String currency, UUID rewardTierId, String status,
            String rejectionReason, boolean cancellationPending, Instant createdAt, Instant updatedAt) {

        public boolean isPending() {
            return "PENDING".equals(status) || cancellationPending;
        }

        public boolean isConfirmed() {
            return "CONFIRMED".equals(status) && !cancellationPending;
        }
    }

    record Timeline(UUID campaignId, String currency, String bucket, List<Point> points) {
    }

    record Point(Instant at, BigDecimal amount, int pledges, BigDecimal cumulativeAmount) {
    }
}
