package io.crowdfund.contracts.closure;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.crowdfund.contracts.campaign.CampaignOutcome;

/** A closed campaign is settled: its pledges collected (paid to the owner) or refunded. Keyed by campaign. */
public record CampaignSettled(UUID campaignId, UUID ownerId, CampaignOutcome outcome, long pledgesSettled, BigDecimal amountRefunded,
        BigDecimal amountPaidOut, BigDecimal fee, Instant settledAt) {
}
