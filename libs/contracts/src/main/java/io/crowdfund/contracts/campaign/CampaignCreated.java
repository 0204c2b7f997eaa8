package io.crowdfund.contracts.campaign;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A campaign is open: what pledge-, notification- and closure-service replicate. Keyed by campaign. */
public record CampaignCreated(UUID campaignId, UUID ownerId, String title, String category, BigDecimal goal, String currency,
        Instant startDate, Instant deadline, boolean allowCancellation, List<RewardTierTerms> rewardTiers) {
}
