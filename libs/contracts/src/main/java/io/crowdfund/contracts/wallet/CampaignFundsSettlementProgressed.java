package io.crowdfund.contracts.wallet;

import java.math.BigDecimal;
import java.util.UUID;

import io.crowdfund.contracts.campaign.CampaignOutcome;

/** A chunk of a campaign's holds was settled; the counts are totals so far. Keyed by campaign. */
public record CampaignFundsSettlementProgressed(UUID campaignId, CampaignOutcome outcome, long holdsSettled, BigDecimal amountSettled) {
}
