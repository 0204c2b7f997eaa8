package io.crowdfund.pledge.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class PledgeTests {

    private final Instant now = Instant.parse("2026-11-21T12:00:00Z");

    private Pledge pledge() {
        return Pledge.request(UUID.randomUUID(), UUID.randomUUID(), new BigDecimal("25.00"), null, null, "hash", now);
    }

    @Test
    void walksTheHappyPathToConfirmed() {
        Pledge pledge = pledge();
        assertThat(pledge.step()).isEqualTo(SagaStep.RESERVING);
        pledge.fundsReserved(now);
        assertThat(pledge.step()).isEqualTo(SagaStep.CLAIMING);
        pledge.claimed(UUID.randomUUID(), new BigDecimal("25.00"), 1, now);
        assertThat(pledge.status()).isEqualTo(PledgeStatus.CONFIRMED);
        assertThat(pledge.step()).isEqualTo(SagaStep.DONE);
    }

    @Test
    void releasesTheHoldOfARejectedClaimBeforeEndingRejected() {
        Pledge pledge = pledge();
        pledge.fundsReserved(now);
        pledge.claimRejected("REWARD_SOLD_OUT", now);
        assertThat(pledge.status()).isEqualTo(PledgeStatus.PENDING);
        assertThat(pledge.step()).isEqualTo(SagaStep.RELEASING);
        pledge.released(now);
        assertThat(pledge.status()).isEqualTo(PledgeStatus.REJECTED);
        assertThat(pledge.rejectionReason()).isEqualTo("REWARD_SOLD_OUT");
    }

    @Test
    void refusesAReplyForAnotherStep() {
        Pledge pledge = pledge();
        assertThat(pledge.expects(SagaStep.CLAIMING)).isFalse();
        assertThatThrownBy(() -> pledge.claimed(UUID.randomUUID(), BigDecimal.ONE, 1, now)).isInstanceOf(IllegalStateException.class);
        assertThat(pledge.status()).isEqualTo(PledgeStatus.PENDING);
    }

    @Test
    void asksAgainThenCompensatesAForwardStepThatTimesOut() {
        Pledge pledge = pledge();
        pledge.fundsReserved(now);
        pledge.timedOut(2, now);
        assertThat(pledge.step()).isEqualTo(SagaStep.CLAIMING);
        assertThat(pledge.attempts()).isEqualTo(2);
        pledge.timedOut(2, now);
        assertThat(pledge.step()).isEqualTo(SagaStep.REVOKING);
        assertThat(pledge.rejectionReason()).isEqualTo(Pledge.TIMED_OUT);
        pledge.timedOut(2, now);
        pledge.timedOut(2, now);
        assertThat(pledge.step()).as("a compensation is asked until answered").isEqualTo(SagaStep.REVOKING);
        pledge.revoked(now);
        pledge.released(now);
        assertThat(pledge.status()).isEqualTo(PledgeStatus.REJECTED);
    }

    @Test
    void cancelsOnlyAFinishedConfirmedPledge() {
        Pledge pending = pledge();
        assertThatThrownBy(() -> pending.cancel(now)).isInstanceOf(PledgeNotCancellable.class);
        Pledge confirmed = pledge();
        confirmed.fundsReserved(now);
        confirmed.claimed(UUID.randomUUID(), BigDecimal.TEN, 1, now);
        confirmed.cancel(now);
        assertThat(confirmed.step()).isEqualTo(SagaStep.UNCLAIMING);
        confirmed.unclaimed(BigDecimal.ZERO, 0, now);
        confirmed.refunded(now);
        assertThat(confirmed.status()).isEqualTo(PledgeStatus.REFUNDED);
    }
}
