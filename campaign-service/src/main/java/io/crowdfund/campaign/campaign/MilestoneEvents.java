package io.crowdfund.campaign.campaign;

import io.crowdfund.contracts.campaign.MilestoneAchieved;

/** The "milestone achieved" event of a campaign's milestone. */
public final class MilestoneEvents {

    private MilestoneEvents() {
    }

    public static MilestoneAchieved achieved(Campaign campaign, Milestone milestone) {
        return new MilestoneAchieved(campaign.id(), campaign.ownerId(), campaign.title(), milestone.id(), milestone.title(),
                milestone.target(), campaign.currentFunds(), milestone.achievedAt());
    }
}
