package io.crowdfund.contracts.campaign;

import java.util.UUID;

/** The pledge does not count, for the given reason. */
public record ClaimRejected(UUID pledgeId, UUID campaignId, ClaimRejection reason) implements ClaimReply {
}
