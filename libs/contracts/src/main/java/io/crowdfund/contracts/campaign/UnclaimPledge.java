package io.crowdfund.contracts.campaign;

import java.util.UUID;

/**
 * Takes a pledge out of a campaign's totals. Keyed by campaign. A cancellation ({@code revoke}
 * false) obeys the campaign's rules (active, cancellation allowed); a revocation ({@code revoke}
 * true) is the saga compensating a claim it gave up waiting for: it always applies, and if the
 * claim has not arrived yet, it never will count.
 */
public record UnclaimPledge(UUID pledgeId, UUID campaignId, boolean revoke) {
}
