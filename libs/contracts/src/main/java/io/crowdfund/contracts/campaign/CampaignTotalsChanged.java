package io.crowdfund.contracts.campaign;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * A campaign's live totals after a batch of claims: one event per campaign per batch, not per
 * pledge. Feeds the live streams of every replica. Keyed by campaign.
 */
public record CampaignTotalsChanged(UUID campaignId, BigDecimal currentFunds, int backerCount, List<TierClaims> rewardTiers,
        List<MilestoneProgress> milestones, String status) {

    /** A tier's claimed count. */
    public record TierClaims(UUID rewardTierId, int quantityClaimed) {
    }

    /** Whether a milestone is achieved. */
    public record MilestoneProgress(UUID milestoneId, boolean achieved) {
    }
}
