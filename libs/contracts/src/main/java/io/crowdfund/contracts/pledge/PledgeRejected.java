package io.crowdfund.contracts.pledge;

import java.math.BigDecimal;
import java.util.UUID;

/** A pledge ended without counting; anything held for it is released. Keyed by campaign. */
public record PledgeRejected(UUID pledgeId, UUID campaignId, UUID backerId, BigDecimal amount, String reason) {
}
