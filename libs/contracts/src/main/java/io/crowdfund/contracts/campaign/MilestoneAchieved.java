package io.crowdfund.contracts.campaign;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A stretch goal was reached. Keyed by campaign. */
public record MilestoneAchieved(UUID campaignId, UUID ownerId, String campaignTitle, UUID milestoneId, String title,
        BigDecimal target, BigDecimal currentFunds, Instant achievedAt) {
}
