package io.crowdfund.contracts.campaign;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The owner changed a campaign's text, category, tiers or milestones; carries the full current terms. Keyed by campaign. */
public record CampaignUpdated(UUID campaignId, UUID ownerId, String title, String category, Instant deadline,
        List<RewardTierTerms> rewardTiers) {
}
