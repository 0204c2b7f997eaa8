package io.crowdfund.contracts.wallet;

import java.math.BigDecimal;
import java.util.UUID;

import io.crowdfund.contracts.campaign.CampaignOutcome;

/**
 * Every hold of the campaign is settled. For a successful campaign {@code amountSettled} was
 * captured, {@code fee} kept by the platform and {@code paidOut} credited to the owner; for a failed
 * one {@code amountSettled} was refunded to the backers. Keyed by campaign.
 */
public record CampaignFundsSettled(UUID campaignId, UUID ownerId, CampaignOutcome outcome, long holdsSettled,
        BigDecimal amountSettled, BigDecimal fee, BigDecimal paidOut) {
}
