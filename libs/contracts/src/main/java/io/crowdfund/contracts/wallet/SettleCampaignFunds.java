package io.crowdfund.contracts.wallet;

import java.util.UUID;

import io.crowdfund.contracts.campaign.CampaignOutcome;

/**
 * Settles every hold of a closed campaign in bulk: captured into the owner's wallet (less the
 * platform fee) when it succeeded, refunded to the backers when it failed. Keyed by campaign. Sent
 * once every pledge of the campaign is final, so no hold of a rejected pledge is still waiting for
 * its release. Asked again, it moves no money twice; once settled it answers with the same
 * {@code CampaignFundsSettled}.
 */
public record SettleCampaignFunds(UUID campaignId, UUID ownerId, CampaignOutcome outcome) {
}
