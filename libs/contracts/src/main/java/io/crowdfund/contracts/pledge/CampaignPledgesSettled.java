package io.crowdfund.contracts.pledge;

import java.math.BigDecimal;
import java.util.UUID;

import io.crowdfund.contracts.campaign.CampaignOutcome;

/**
 * Every pledge of a closed campaign is final and its confirmed ones are COLLECTED or REFUNDED; no hold
 * of the campaign is still waiting for a saga. Keyed by campaign.
 */
public record CampaignPledgesSettled(UUID campaignId, CampaignOutcome outcome, long pledgesSettled, BigDecimal amountSettled) {
}
