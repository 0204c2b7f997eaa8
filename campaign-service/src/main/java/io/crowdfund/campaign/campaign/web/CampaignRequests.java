package io.crowdfund.campaign.campaign.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.crowdfund.campaign.campaign.Campaign;
import io.crowdfund.web.MoneyAmount;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** The request bodies of the campaign endpoints, with their validation. */
final class CampaignRequests {

    private CampaignRequests() {
    }

    @Schema(name = "NewCampaign")
    record Create(
            @Schema(example = "Solar kiosk for the village school") @NotBlank @Size(max = 200) String title,
            @Schema(example = "A kiosk that charges 40 tablets a day.") @NotNull @Size(max = 10_000) String description,
            @Schema(example = "technology") @NotBlank String category,
            @Schema(example = "5000.00") @NotNull @Positive @Digits(integer = 17, fraction = 2) BigDecimal goal,
            @Schema(description = "default: now; at most a year ahead (CAMPAIGN_START_WITHIN)") @Nullable Instant startDate,
            @Schema(example = "2027-01-31T23:59:59Z", description = "in the future, after startDate, at most 365 days after it "
                    + "(CAMPAIGN_MAXIMUM_DURATION)") @NotNull Instant deadline,
            @Schema(description = "whether backers may cancel while it is active; default true") @Nullable Boolean allowCancellation,
            @Schema(description = "at most 50 (CAMPAIGN_MAX_REWARD_TIERS), also counting those added later") @Nullable List<@Valid @NotNull Tier> rewardTiers,
            @Schema(description = "at most 50 (CAMPAIGN_MAX_MILESTONES), also counting those added later") @Nullable List<@Valid @NotNull Milestone> milestones) {

        Campaign.Draft toDraft() {
            return new Campaign.Draft(title.strip(), description, category, goal, startDate, deadline,
                    allowCancellation == null || allowCancellation,
                    rewardTiers == null ? List.of() : rewardTiers.stream().map(Tier::toDraft).toList(),
                    milestones == null ? List.of() : milestones.stream().map(Milestone::toDraft).toList());
        }
    }

    @Schema(name = "NewRewardTier")
    record Tier(
            @Schema(example = "Early bird") @NotBlank @Size(max = 200) String title,
            @Schema(example = "Your name on the kiosk") @Size(max = 2_000) @Nullable String description,
            @Schema(example = "25.00") @NotNull @MoneyAmount BigDecimal minimumAmount,
            @Schema(description = "total limit; absent or null: unlimited", example = "50") @Positive @Max(10_000_000) @Nullable Integer quantityAvailable) {

        Campaign.TierDraft toDraft() {
            return new Campaign.TierDraft(title.strip(), description, minimumAmount, quantityAvailable);
        }
    }

    @Schema(name = "NewMilestone")
    record Milestone(
            @Schema(example = "Second kiosk") @NotBlank @Size(max = 200) String title,
            @Size(max = 2_000) @Nullable String description,
            @Schema(example = "10000.00") @NotNull @Positive @Digits(integer = 17, fraction = 2) BigDecimal target) {

        Campaign.MilestoneDraft toDraft() {
            return new Campaign.MilestoneDraft(title.strip(), description, target);
        }
    }

    @Schema(name = "CampaignEdit", description = "the fields to change; at least one")
    record Edit(@Size(min = 1, max = 200) @Nullable String title, @Size(max = 10_000) @Nullable String description,
            @Size(min = 1) @Nullable String category) {
    }
}
