package io.crowdfund.contracts.campaign;

import java.math.BigDecimal;
import java.util.UUID;

/** What other services need of a reward tier: its minimum and its limit (null: unlimited). */
public record RewardTierTerms(UUID rewardTierId, String title, BigDecimal minimumAmount, Integer quantityAvailable) {
}
