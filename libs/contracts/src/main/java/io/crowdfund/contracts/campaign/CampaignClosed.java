package io.crowdfund.contracts.campaign;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A campaign closed all-or-nothing; later claims are rejected. Keyed by campaign. */
public record CampaignClosed(UUID campaignId, UUID ownerId, String title, CampaignOutcome outcome, BigDecimal goal,
        BigDecimal currentFunds, int backerCount, Instant closedAt) {
}
