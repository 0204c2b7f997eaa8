package io.crowdfund.pledge.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.crowdfund.pledge.PledgeProperties;
import io.crowdfund.web.VelocityProperties;

class PledgeOutcomesTests {

    private final PledgeOutcomes outcomes = new PledgeOutcomes(
            new PledgeProperties(Duration.ofSeconds(30), 5, Duration.ofSeconds(5), Duration.ofSeconds(10), 5000, 2, 2, 128, Duration.ofSeconds(1),
                    new VelocityProperties.Limit(60, Duration.ofMinutes(1))));

    @Test
    void isFullAtItsCapacityAndHasRoomAgainOnceAWaiterIsAnswered() {
        UUID first = UUID.randomUUID();
        CompletableFuture<Pledge> waiting = outcomes.whenFinal(first);
        assertThat(outcomes.full()).isFalse();
        UUID second = UUID.randomUUID();
        CompletableFuture<Pledge> timesOut = outcomes.whenFinal(second);
        assertThat(outcomes.full()).isTrue();

        outcomes.finishedElsewhere(first);
        assertThat(waiting).isCompletedWithValue(null);
        assertThat(outcomes.full()).isFalse();
        timesOut.complete(null); // as completeOnTimeout does when the wait ends
        outcomes.whenFinal(UUID.randomUUID());
        assertThat(outcomes.full()).as("the timed-out waiter left").isFalse();
    }
}
