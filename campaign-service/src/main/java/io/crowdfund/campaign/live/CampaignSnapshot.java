package io.crowdfund.campaign.live;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import io.crowdfund.campaign.campaign.Campaign;
import io.crowdfund.contracts.campaign.CampaignTotalsChanged;

/** What a live stream sends: a campaign's totals, tiers' claims and milestones, and its status. */
public record CampaignSnapshot(UUID campaignId, BigDecimal currentFunds, int backerCount, String status,
        List<TierClaims> rewardTiers, List<MilestoneState> milestones) {

    public record TierClaims(UUID id, int quantityClaimed) {
    }

    public record MilestoneState(UUID id, boolean achieved) {
    }

    public static CampaignSnapshot of(Campaign campaign) {
        return new CampaignSnapshot(campaign.id(), campaign.currentFunds(), campaign.backerCount(), campaign.status().name(),
                campaign.rewardTiers().stream().map(t -> new TierClaims(t.id(), t.quantityClaimed())).toList(),
                campaign.milestones().stream().map(m -> new MilestoneState(m.id(), m.achieved())).toList());
    }

    public static CampaignSnapshot of(CampaignTotalsChanged event) {
        return new CampaignSnapshot(event.campaignId(), event.currentFunds(), event.backerCount(), event.status(),
                event.rewardTiers().stream().map(t -> new TierClaims(t.rewardTierId(), t.quantityClaimed())).toList(),
                event.milestones().stream().map(m -> new MilestoneState(m.milestoneId(), m.achieved())).toList());
    }
}
