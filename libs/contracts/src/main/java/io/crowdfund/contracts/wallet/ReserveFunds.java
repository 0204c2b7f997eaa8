package io.crowdfund.contracts.wallet;

import java.math.BigDecimal;
import java.util.UUID;

/** Asks wallet-service to move a pledge's amount from the backer's balance to a hold. Keyed by backer. */
public record ReserveFunds(UUID pledgeId, UUID backerId, UUID campaignId, BigDecimal amount) {
}
