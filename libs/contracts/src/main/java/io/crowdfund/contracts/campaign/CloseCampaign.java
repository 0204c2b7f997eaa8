package io.crowdfund.contracts.campaign;

import java.util.UUID;

/**
 * Closes an active campaign: SUCCESSFUL when its funds reach the goal, else FAILED. Keyed by campaign.
 * Asked again, campaign-service answers with the same {@code CampaignClosed} and changes nothing.
 */
public record CloseCampaign(UUID campaignId) {
}
