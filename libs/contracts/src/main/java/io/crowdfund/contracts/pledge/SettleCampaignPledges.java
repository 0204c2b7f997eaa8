package io.crowdfund.contracts.pledge;

import java.util.UUID;

import io.crowdfund.contracts.campaign.CampaignOutcome;

/**
 * Asks pledge-service, once a campaign is closed, to take no more pledges for it, wait until every
 * pledge of it is final, and move its confirmed pledges to COLLECTED or REFUNDED. Keyed by campaign.
 * Asked again, it settles nothing twice; once settled it answers with the same {@code CampaignPledgesSettled}.
 */
public record SettleCampaignPledges(UUID campaignId, UUID ownerId, CampaignOutcome outcome) {
}
