package io.crowdfund.campaign.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.campaign.ClaimRejection;
import io.crowdfund.contracts.campaign.UnclaimRefused;

class CampaignTests {

    private final Instant now = Instant.parse("2026-11-21T12:00:00Z");

    private Campaign campaign(boolean allowCancellation) {
        return Campaign.open(UUID.randomUUID(), "ada_lovelace", new Campaign.Draft("Kiosk", "", "technology", new BigDecimal("100.00"), now,
                now.plus(Duration.ofDays(10)), allowCancellation,
                List.of(new Campaign.TierDraft("Early bird", null, new BigDecimal("25.00"), 1)),
                List.of(new Campaign.MilestoneDraft("Half way", null, new BigDecimal("50.00")))), now);
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    @Test
    void countsAPledgeAndAchievesMilestonesItReaches() {
        Campaign campaign = campaign(true);
        var decision = campaign.claim(money("60.00"), null, true, now);
        assertThat(decision.accepted()).isTrue();
        assertThat(decision.achieved()).extracting(Milestone::title).containsExactly("Half way");
        assertThat(campaign.currentFunds()).isEqualByComparingTo("60.00");
        assertThat(campaign.backerCount()).isEqualTo(1);
        assertThat(campaign.claim(money("5.00"), null, false, now).achieved()).isEmpty();
        assertThat(campaign.backerCount()).isEqualTo(1);
    }

    @Test
    void rejectsWithTheFirstBrokenRule() {
        Campaign campaign = campaign(true);
        UUID tier = campaign.rewardTiers().getFirst().id();
        assertThat(campaign.claim(money("30"), UUID.randomUUID(), true, now).rejection()).isEqualTo(ClaimRejection.REWARD_NOT_FOUND);
        assertThat(campaign.claim(money("20"), tier, true, now).rejection()).isEqualTo(ClaimRejection.BELOW_REWARD_MINIMUM);
        assertThat(campaign.claim(money("30"), tier, true, now).accepted()).isTrue();
        assertThat(campaign.claim(money("10"), tier, true, now).rejection()).isEqualTo(ClaimRejection.REWARD_SOLD_OUT);
        assertThat(campaign.claim(money("30"), null, true, now.plus(Duration.ofDays(10))).rejection())
                .isEqualTo(ClaimRejection.CAMPAIGN_NOT_ACTIVE);
        assertThat(campaign.claim(money("30"), null, true, now.minusSeconds(1)).rejection()).isEqualTo(ClaimRejection.CAMPAIGN_NOT_ACTIVE);
    }

    @Test
    void unclaimingLocksMilestonesAgainAndFreesTheTier() {
        Campaign campaign = campaign(true);
        UUID tier = campaign.rewardTiers().getFirst().id();
        campaign.claim(money("60.00"), tier, true, now);
        assertThat(campaign.unclaim(money("60.00"), tier, true, false, now)).isEmpty();
        assertThat(campaign.milestones().getFirst().achieved()).isFalse();
        assertThat(campaign.rewardTiers().getFirst().quantityClaimed()).isZero();
        assertThat(campaign.backerCount()).isZero();
        assertThat(campaign.claim(money("30"), tier, true, now).accepted()).isTrue();
    }

    @Test
    void refusesUnclaimsWhenClosedOrNotAllowed() {
        assertThat(campaign(false).unclaim(money("1"), null, true, false, now)).contains(UnclaimRefused.Reason.CANCELLATION_NOT_ALLOWED);
        Campaign closed = campaign(true);
        closed.claim(money("1"), null, true, now);
        closed.close(now);
        assertThat(closed.unclaim(money("1"), null, true, false, now)).contains(UnclaimRefused.Reason.CAMPAIGN_NOT_ACTIVE);
        assertThat(closed.unclaim(money("1"), null, true, true, now)).as("a revocation always applies").isEmpty();
    }

    @Test
    void closesOnceAllOrNothingAndRejectsLaterClaims() {
        Campaign reached = campaign(true);
        reached.claim(money("100.00"), null, true, now);
        assertThat(reached.close(now)).contains(CampaignOutcome.SUCCESSFUL);
        assertThat(reached.close(now)).isEmpty();
        assertThat(reached.claim(money("1"), null, true, now).rejection()).isEqualTo(ClaimRejection.CAMPAIGN_NOT_ACTIVE);
        Campaign short_ = campaign(true);
        short_.claim(money("99.99"), null, true, now);
        assertThat(short_.close(now)).contains(CampaignOutcome.FAILED);
        assertThat(short_.status()).isEqualTo(CampaignStatus.FAILED);
    }
}
