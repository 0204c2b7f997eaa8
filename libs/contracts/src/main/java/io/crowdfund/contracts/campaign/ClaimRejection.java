package io.crowdfund.contracts.campaign;

/** Why campaign-service did not count a pledge (also pledge-service's rejection reasons). */
public enum ClaimRejection {
    CAMPAIGN_NOT_FOUND,
    CAMPAIGN_NOT_ACTIVE,
    REWARD_NOT_FOUND,
    REWARD_SOLD_OUT,
    BELOW_REWARD_MINIMUM
}
