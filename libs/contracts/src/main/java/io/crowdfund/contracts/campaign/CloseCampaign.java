package io.crowdfund.contracts.campaign;

import java.util.UUID;

/** Closes an active campaign: SUCCESSFUL when its funds reach the goal, else FAILED. Keyed by campaign. */
public record CloseCampaign(UUID campaignId) {
}
