package io.crowdfund.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowdfund.notification.Attempts.State;

class AttemptsTests {

    private final Instant now = Instant.parse("2026-11-21T12:00:00Z");
    private final RetrySchedule threeAttempts = new RetrySchedule(List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(60)));
    private final Attempts queued = new Attempts(State.PENDING, 0, now);

    @Test
    void isDueOnlyWhilePendingOrFailed() {
        assertThat(List.of(State.values())).filteredOn(State::due).containsExactly(State.PENDING, State.FAILED);
    }

    @Test
    void succeedsAtTheFirstAttempt() {
        Attempts next = queued.after(true, threeAttempts, now);
        assertThat(next).isEqualTo(new Attempts(State.SUCCEEDED, 1, now));
    }

    @Test
    void failsThenIsRetriedOnTheScheduleUntilItSucceeds() {
        Attempts failed = queued.after(false, threeAttempts, now);
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.count()).isEqualTo(1);
        assertThat(failed.nextAttemptAt()).as("the second delay, jittered by 10 %").isBetween(now.plusSeconds(9), now.plusSeconds(11));

        Attempts failedAgain = failed.after(false, threeAttempts, now);
        assertThat(failedAgain.state()).isEqualTo(State.FAILED);
        assertThat(failedAgain.count()).isEqualTo(2);
        assertThat(failedAgain.nextAttemptAt()).isBetween(now.plusSeconds(54), now.plusSeconds(66));

        assertThat(failedAgain.after(true, threeAttempts, now)).isEqualTo(new Attempts(State.SUCCEEDED, 3, now));
    }

    @Test
    void isDeadOnceTheLastAttemptOfTheScheduleFails() {
        Attempts lastFailing = new Attempts(State.FAILED, 2, now).after(false, threeAttempts, now);
        assertThat(lastFailing).isEqualTo(new Attempts(State.DEAD, 3, now));
        assertThat(queued.after(false, new RetrySchedule(List.of(Duration.ZERO)), now)).as("a schedule of one attempt")
                .isEqualTo(new Attempts(State.DEAD, 1, now));
    }

    @Test
    void refusesAnotherAttemptOnceItSucceededOrIsDead() {
        assertThatThrownBy(() -> new Attempts(State.SUCCEEDED, 1, now).after(false, threeAttempts, now))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SUCCEEDED");
        assertThatThrownBy(() -> new Attempts(State.DEAD, 3, now).after(true, threeAttempts, now))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DEAD");
    }
}
