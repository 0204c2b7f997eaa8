package io.crowdfund.pledge.saga;

import io.crowdfund.contracts.campaign.ClaimRejection;

/** Why a pledge was REJECTED, as the API names it: campaign-service's refusals of the claim, or the saga's own. */
public enum PledgeRejection {
    INSUFFICIENT_FUNDS,
    TIMED_OUT,
    CAMPAIGN_NOT_FOUND,
    CAMPAIGN_NOT_ACTIVE,
    REWARD_NOT_FOUND,
    REWARD_SOLD_OUT,
    BELOW_REWARD_MINIMUM;

    static {
        for (ClaimRejection claim : ClaimRejection.values()) {
            of(claim); // every refusal of campaign-service is one of these, or the class fails to load
        }
    }

    /** campaign-service's refusal of the claim. */
    static PledgeRejection of(ClaimRejection claim) {
        return valueOf(claim.name());
    }
}
