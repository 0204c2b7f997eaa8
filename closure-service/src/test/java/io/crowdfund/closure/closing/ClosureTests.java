package io.crowdfund.closure.closing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.crowdfund.contracts.campaign.CampaignOutcome;

class ClosureTests {

    private final Instant now = Instant.parse("2026-11-21T12:00:00Z");
    private final Duration patience = Duration.ofMinutes(2);

    @Test
    void walksFromScheduledToSettledTakingEachStepOnce() {
        Closure closure = Closure.schedule(UUID.randomUUID(), UUID.randomUUID(), now, now);
        assertThat(closure.close(now)).isTrue();
        assertThat(closure.state()).isEqualTo(ClosureState.CLOSING);
        assertThat(closure.closed(CampaignOutcome.FAILED, now, now)).isTrue();
        assertThat(closure.closed(CampaignOutcome.FAILED, now, now)).as("a repeated CampaignClosed").isFalse();
        assertThat(closure.close(now)).as("closed already").isFalse();
        assertThat(closure.pledgesSettled(0, now)).isTrue();
        assertThat(closure.pledgesSettled(0, now)).isFalse();
        assertThat(closure.moneyProgress(new BigDecimal("10.00"), now)).isTrue();
        assertThat(closure.amountRefunded()).isEqualByComparingTo("10.00");
        assertThat(closure.settled(new BigDecimal("12.00"), BigDecimal.ZERO, BigDecimal.ZERO, now)).isTrue();
        assertThat(closure.settled(new BigDecimal("12.00"), BigDecimal.ZERO, BigDecimal.ZERO, now)).isFalse();
        assertThat(closure.state()).isEqualTo(ClosureState.SETTLED);
        assertThat(closure.amountRefunded()).isEqualByComparingTo("12.00");
    }

    @Test
    void followsANewDeadlineOnlyWhileScheduled() {
        Closure closure = Closure.schedule(UUID.randomUUID(), UUID.randomUUID(), now, now);
        closure.reschedule(now.plusSeconds(60));
        assertThat(closure.deadline()).isEqualTo(now.plusSeconds(60));
        closure.close(now);
        closure.reschedule(now.plusSeconds(120));
        assertThat(closure.deadline()).isEqualTo(now.plusSeconds(60));
    }

    @Test
    void recordsTheOwnersPayoutAndFeeOfASuccessfulCampaign() {
        Closure closure = Closure.schedule(UUID.randomUUID(), UUID.randomUUID(), now, now);
        closure.close(now);
        closure.closed(CampaignOutcome.SUCCESSFUL, now, now);
        closure.pledgesSettled(2, now);
        closure.settled(new BigDecimal("100.00"), new BigDecimal("5.00"), new BigDecimal("95.00"), now);
        assertThat(closure.amountPaidOut()).isEqualByComparingTo("95.00");
        assertThat(closure.fee()).isEqualByComparingTo("5.00");
        assertThat(closure.amountRefunded()).isEqualByComparingTo("0");
    }

    @Test
    void waitsOnTheParticipantOfItsCurrentStepAndOnNobodyBeforeOrAfter() {
        Closure closure = Closure.schedule(UUID.randomUUID(), UUID.randomUUID(), now, now);
        assertThat(closure.awaiting()).isEmpty();
        closure.close(now);
        assertThat(closure.awaiting()).contains(Closure.Step.CLOSE_CAMPAIGN);
        closure.closed(CampaignOutcome.SUCCESSFUL, now, now);
        assertThat(closure.awaiting()).contains(Closure.Step.SETTLE_PLEDGES);
        closure.pledgesSettled(1, now);
        assertThat(closure.awaiting()).contains(Closure.Step.SETTLE_FUNDS);
        closure.settled(BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.TEN, now);
        assertThat(closure.awaiting()).isEmpty();
        assertThat(closure.stalled(now.plus(Duration.ofDays(1)), patience)).as("settled: waits on nobody").isFalse();
        assertThatThrownBy(() -> closure.reask(now)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stallsOnlyOnceItHasNotMovedForThePatienceAndAgainAfterAsLongSinceItAskedAgain() {
        Closure closure = Closure.schedule(UUID.randomUUID(), UUID.randomUUID(), now, now);
        assertThat(closure.stalled(now.plus(Duration.ofDays(1)), patience)).as("scheduled: the deadline scan's job").isFalse();
        closure.close(now);
        closure.closed(CampaignOutcome.FAILED, now, now.plusSeconds(10));
        Instant moved = now.plusSeconds(10);
        assertThat(closure.stalled(moved.plus(patience).minusMillis(1), patience)).isFalse();
        assertThat(closure.stalled(moved.plus(patience), patience)).isTrue();

        Instant asked = moved.plus(patience);
        assertThat(closure.reask(asked)).isEqualTo(Closure.Step.SETTLE_PLEDGES);
        assertThat(closure.reasks()).isEqualTo(1);
        assertThat(closure.reaskedAt()).isEqualTo(asked);
        assertThat(closure.stalled(asked.plus(patience).minusMillis(1), patience)).as("just asked again").isFalse();
        assertThat(closure.stalled(asked.plus(patience), patience)).isTrue();
    }

    @Test
    void aProgressEventPutsOffTheNextReask() {
        Closure closure = Closure.schedule(UUID.randomUUID(), UUID.randomUUID(), now, now);
        closure.close(now);
        closure.closed(CampaignOutcome.FAILED, now, now);
        closure.pledgesSettled(3, now);
        Instant progress = now.plus(patience).minusSeconds(1);
        assertThat(closure.moneyProgress(new BigDecimal("5.00"), progress)).isTrue();
        assertThat(closure.stalled(now.plus(patience), patience)).isFalse();
        assertThat(closure.stalled(progress.plus(patience), patience)).isTrue();
        assertThat(closure.reask(progress.plus(patience))).isEqualTo(Closure.Step.SETTLE_FUNDS);
    }

    @Test
    void aReaskedCloseIsRecordedAsTheLatestCloseAsked() {
        Closure closure = Closure.schedule(UUID.randomUUID(), UUID.randomUUID(), now, now);
        closure.close(now);
        Instant later = now.plus(patience);
        assertThat(closure.reask(later)).isEqualTo(Closure.Step.CLOSE_CAMPAIGN);
        assertThat(closure.closeAskedAt()).isEqualTo(later);
        assertThat(closure.progressedAt()).as("asking again is no progress").isEqualTo(now);
    }
}
