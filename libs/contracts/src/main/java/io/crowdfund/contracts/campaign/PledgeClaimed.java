package io.crowdfund.contracts.campaign;

import java.math.BigDecimal;
import java.util.UUID;

/** The pledge counts: the campaign's totals right after it. */
public record PledgeClaimed(UUID pledgeId, UUID campaignId, UUID ownerId, BigDecimal campaignFunds, int backerCount) implements ClaimReply {
}
