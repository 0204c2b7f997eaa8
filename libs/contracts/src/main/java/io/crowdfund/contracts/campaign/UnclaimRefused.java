package io.crowdfund.contracts.campaign;

import java.util.UUID;

/** The pledge still counts: the campaign is closed, does not allow cancellation, or never counted it. */
public record UnclaimRefused(UUID pledgeId, UUID campaignId, Reason reason) implements ClaimReply {

    public enum Reason {
        CAMPAIGN_NOT_ACTIVE,
        CANCELLATION_NOT_ALLOWED,
        NOT_CLAIMED
    }
}
