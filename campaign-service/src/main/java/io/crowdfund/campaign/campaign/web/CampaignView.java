package io.crowdfund.campaign.campaign.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.crowdfund.campaign.campaign.Campaign;
import io.crowdfund.campaign.campaign.CampaignStatus;
import io.crowdfund.campaign.campaign.Milestone;
import io.crowdfund.campaign.campaign.RewardTier;
import io.swagger.v3.oas.annotations.media.Schema;

/** A campaign as API clients see it. */
@Schema(name = "Campaign")
record CampaignView(UUID id, UUID ownerId, @Schema(description = "the owner's username; null for campaigns created before it was kept",
        example = "ada_lovelace") @Nullable String ownerName, @Schema(example = "Solar kiosk for the village school") String title,
        String description, @Schema(example = "technology") String category, @Schema(example = "5000.00") BigDecimal goal,
        @Schema(example = "1250.00") BigDecimal currentFunds, @Schema(example = "42") int backerCount, @Schema(example = "USD") String currency, Instant startDate, Instant deadline, CampaignStatus status,
        boolean allowCancellation, List<Tier> rewardTiers, List<MilestoneView> milestones,
        @Schema(description = "once the campaign closed") @Nullable Instant closedAt) {

    static CampaignView of(Campaign c, String currency) {
        return new CampaignView(c.id(), c.ownerId(), c.ownerName(), c.title(), c.description(), c.category(), c.goal(), c.currentFunds(),
                c.backerCount(), currency, c.startDate(), c.deadline(), c.status(), c.allowCancellation(),
                c.rewardTiers().stream().map(Tier::of).toList(), c.milestones().stream().map(MilestoneView::of).toList(), c.closedAt());
    }

    @Schema(name = "RewardTier")
    record Tier(UUID id, String title, @Nullable String description, BigDecimal minimumAmount,
            @Schema(description = "total limit; null: unlimited") @Nullable Integer quantityAvailable, int quantityClaimed) {

        static Tier of(RewardTier t) {
            return new Tier(t.id(), t.title(), t.description(), t.minimumAmount(), t.quantityAvailable(), t.quantityClaimed());
        }
    }

    @Schema(name = "Milestone")
    record MilestoneView(UUID id, String title, @Nullable String description, BigDecimal target, boolean achieved,
            @Nullable Instant achievedAt) {

        static MilestoneView of(Milestone m) {
            return new MilestoneView(m.id(), m.title(), m.description(), m.target(), m.achieved(), m.achievedAt());
        }
    }
}
