package io.crowdfund.closure.closing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.crowdfund.contracts.campaign.CampaignOutcome;

class ClosureTests {

    private final Instant now = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void walksFromScheduledToSettledTakingEachStepOnce() {
        Closure closure = Closure.schedule(UUID.randomUUID(), UUID.randomUUID(), now);
        assertThat(closure.close(now)).isTrue();
        assertThat(closure.state()).isEqualTo(ClosureState.CLOSING);
        assertThat(closure.closed(CampaignOutcome.FAILED, now)).isTrue();
        assertThat(closure.closed(CampaignOutcome.FAILED, now)).as("a repeated CampaignClosed").isFalse();
        assertThat(closure.close(now)).as("closed already").isFalse();
        assertThat(closure.pledgesSettled(0, now)).isTrue();
        assertThat(closure.pledgesSettled(0, now)).isFalse();
        closure.moneyProgress(new BigDecimal("10.00"));
        assertThat(closure.amountRefunded()).isEqualByComparingTo("10.00");
        assertThat(closure.settled(new BigDecimal("12.00"), BigDecimal.ZERO, BigDecimal.ZERO, now)).isTrue();
        assertThat(closure.settled(new BigDecimal("12.00"), BigDecimal.ZERO, BigDecimal.ZERO, now)).isFalse();
        assertThat(closure.state()).isEqualTo(ClosureState.SETTLED);
        assertThat(closure.amountRefunded()).isEqualByComparingTo("12.00");
    }

    @Test
    void followsANewDeadlineOnlyWhileScheduled() {
        Closure closure = Closure.schedule(UUID.randomUUID(), UUID.randomUUID(), now);
        closure.reschedule(now.plusSeconds(60));
        assertThat(closure.deadline()).isEqualTo(now.plusSeconds(60));
        closure.close(now);
        closure.reschedule(now.plusSeconds(120));
        assertThat(closure.deadline()).isEqualTo(now.plusSeconds(60));
    }

    @Test
    void recordsTheOwnersPayoutAndFeeOfASuccessfulCampaign() {
        Closure closure = Closure.schedule(UUID.randomUUID(), UUID.randomUUID(), now);
        closure.close(now);
        closure.closed(CampaignOutcome.SUCCESSFUL, now);
        closure.pledgesSettled(2, now);
        closure.settled(new BigDecimal("100.00"), new BigDecimal("5.00"), new BigDecimal("95.00"), now);
        assertThat(closure.amountPaidOut()).isEqualByComparingTo("95.00");
        assertThat(closure.fee()).isEqualByComparingTo("5.00");
        assertThat(closure.amountRefunded()).isEqualByComparingTo("0");
    }
}
