package io.crowdfund.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a webhook delivery or an email is tried: the first entry is the delay of the first attempt, each
 * next one counts from the attempt before; after the last attempt fails it is DEAD. Delays are
 * jittered by ±10 % so that what failed together is not all retried in the same instant.
 *
 * @param delays the delay before each attempt
 */
public record RetrySchedule(List<Duration> delays) {

    public RetrySchedule {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule needs at least one attempt");
        }
        delays = List.copyOf(delays);
    }

    /** What follows an attempt. */
    public enum Step { DONE, RETRY, DEAD }

    /** What became of an attempt and when the next one is due. */
    public record Outcome(Step step, Instant nextAttemptAt) {
    }

    /** The outcome of attempt number {@code attempts} (1 for the first) that did or did not succeed. */
    public Outcome after(int attempts, boolean succeeded, Instant now) {
        if (succeeded) {
            return new Outcome(Step.DONE, now);
        }
        if (attempts >= delays.size()) {
            return new Outcome(Step.DEAD, now);
        }
        return new Outcome(Step.RETRY, now.plus(jittered(delays.get(attempts))));
    }

    private static Duration jittered(Duration delay) {
        long millis = delay.toMillis();
        long spread = millis / 10;
        return Duration.ofMillis(spread == 0 ? millis : millis - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
    }
}
