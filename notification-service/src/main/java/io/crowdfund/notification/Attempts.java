package io.crowdfund.notification;

import java.time.Instant;
import java.util.List;

/**
 * Where something sent on a {@link RetrySchedule} stands, a webhook delivery or an email: due while
 * PENDING or FAILED, until an attempt succeeds or the last one fails (DEAD). Nothing is attempted once
 * it succeeded or is dead.
 *
 * @param state where it stands
 * @param count how many attempts were made
 * @param nextAttemptAt when it is due (while claimed: when its lease ends)
 */
public record Attempts(State state, int count, Instant nextAttemptAt) {

    /** Where it stands. */
    public enum State {
        /** Not attempted yet (or sent again from the start). */
        PENDING,
        /** The last attempt failed; tried again on the schedule. */
        FAILED,
        /** An attempt succeeded. */
        SUCCEEDED,
        /** Every attempt of the schedule failed, or its receiver was given up on. */
        DEAD;

        /** The states of what is still to be attempted. */
        public static final List<State> DUE = List.of(PENDING, FAILED);

        public boolean due() {
            return DUE.contains(this);
        }
    }

    /** Where it stands after attempt number {@code count + 1}, which did or did not succeed; refused unless it is due. */
    public Attempts after(boolean succeeded, RetrySchedule schedule, Instant now) {
        if (!state.due()) {
            throw new IllegalStateException("Nothing more is attempted once " + state + " (after " + count + " attempts)");
        }
        var outcome = schedule.after(count + 1, succeeded, now);
        State next = switch (outcome.step()) {
            case DONE -> State.SUCCEEDED;
            case RETRY -> State.FAILED;
            case DEAD -> State.DEAD;
        };
        return new Attempts(next, count + 1, outcome.nextAttemptAt());
    }
}
