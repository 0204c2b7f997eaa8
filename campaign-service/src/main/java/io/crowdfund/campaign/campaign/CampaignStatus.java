package io.crowdfund.campaign.campaign;

/** A campaign takes pledges while ACTIVE and ends all-or-nothing. */
public enum CampaignStatus {
    ACTIVE,
    SUCCESSFUL,
    FAILED
}
