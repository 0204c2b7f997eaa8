package io.crowdfund.contracts.campaign;

import java.math.BigDecimal;
import java.util.UUID;

/** Asks campaign-service to count a pledge whose funds are held. Keyed by campaign. */
public record ClaimPledge(UUID pledgeId, UUID campaignId, UUID backerId, BigDecimal amount, UUID rewardTierId) {
}
