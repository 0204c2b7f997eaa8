package io.crowdfund.contracts.wallet;

import java.util.UUID;

/** Cancellation: returns a confirmed pledge's hold to the backer's balance (ledger: REFUND). Keyed by backer. */
public record RefundFunds(UUID pledgeId, UUID backerId, UUID campaignId) {
}
