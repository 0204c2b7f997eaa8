package io.crowdfund.contracts.campaign;

import java.util.UUID;

/** Cancellation: asks campaign-service to take a claimed pledge out of the totals. Keyed by campaign. */
public record UnclaimPledge(UUID pledgeId, UUID campaignId) {
}
