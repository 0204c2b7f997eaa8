package io.crowdfund.contracts.campaign;

import java.util.UUID;

/** campaign-service's answer to a claim or unclaim, on {@code pledge.replies} keyed by pledge. */
public sealed interface ClaimReply permits PledgeClaimed, ClaimRejected, PledgeUnclaimed, UnclaimRefused {

    UUID pledgeId();
}
