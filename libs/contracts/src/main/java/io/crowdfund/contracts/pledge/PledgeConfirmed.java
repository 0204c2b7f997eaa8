package io.crowdfund.contracts.pledge;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A pledge counts and its money is held: with the campaign's totals right after it. Keyed by campaign. */
public record PledgeConfirmed(UUID pledgeId, UUID campaignId, UUID ownerId, UUID backerId, BigDecimal amount, String currency,
        UUID rewardTierId, BigDecimal campaignFunds, int backerCount, Instant confirmedAt) {
}
