package io.crowdfund.contracts.wallet;

import java.util.UUID;

/** Compensation: returns a rejected pledge's hold to the backer's balance (ledger: PLEDGE_RELEASE). Keyed by backer. */
public record ReleaseFunds(UUID pledgeId, UUID backerId, UUID campaignId) {
}
