package io.crowdfund.contracts.pledge;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A confirmed pledge was cancelled and its money is back with the backer. Keyed by campaign. */
public record PledgeRefunded(UUID pledgeId, UUID campaignId, UUID ownerId, UUID backerId, BigDecimal amount, String currency,
        BigDecimal campaignFunds, int backerCount, Instant refundedAt) {
}
