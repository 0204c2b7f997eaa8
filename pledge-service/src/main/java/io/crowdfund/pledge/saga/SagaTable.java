package io.crowdfund.pledge.saga;

import static io.crowdfund.pledge.saga.SagaCommand.CLAIM;
import static io.crowdfund.pledge.saga.SagaCommand.REFUND;
import static io.crowdfund.pledge.saga.SagaCommand.RELEASE;
import static io.crowdfund.pledge.saga.SagaCommand.RESERVE;
import static io.crowdfund.pledge.saga.SagaCommand.REVOKE;
import static io.crowdfund.pledge.saga.SagaCommand.UNCLAIM;
import static io.crowdfund.pledge.saga.SagaReply.Kind.CLAIMED;
import static io.crowdfund.pledge.saga.SagaReply.Kind.CLAIM_REJECTED;
import static io.crowdfund.pledge.saga.SagaReply.Kind.NOT_RESERVED;
import static io.crowdfund.pledge.saga.SagaReply.Kind.REFUNDED;
import static io.crowdfund.pledge.saga.SagaReply.Kind.RELEASED;
import static io.crowdfund.pledge.saga.SagaReply.Kind.RESERVED;
import static io.crowdfund.pledge.saga.SagaReply.Kind.UNCLAIMED;
import static io.crowdfund.pledge.saga.SagaReply.Kind.UNCLAIM_REFUSED;
import static io.crowdfund.pledge.saga.SagaStep.CLAIMING;
import static io.crowdfund.pledge.saga.SagaStep.DONE;
import static io.crowdfund.pledge.saga.SagaStep.REFUNDING;
import static io.crowdfund.pledge.saga.SagaStep.RELEASING;
import static io.crowdfund.pledge.saga.SagaStep.RESERVE_CLAIM;
import static io.crowdfund.pledge.saga.SagaStep.RESERVING;
import static io.crowdfund.pledge.saga.SagaStep.REVOKING;
import static io.crowdfund.pledge.saga.SagaStep.UNCLAIMING;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The pledge saga, as a table. A pledge starts at {@link SagaStep#RESERVE_CLAIM}: the wallet's
 * reserve and the campaign's claim are asked at once, so a pledge takes two sequential hops (the
 * commands, their replies) instead of four. When one of them refuses, the other is compensated at
 * once: the compensating command follows the command it undoes on the same key, so the participant
 * applies them in that order whether or not it has answered the first yet.
 * <p>
 * Each row is one step: the commands it waits on (asked again when it waits longer than the step
 * timeout), what each reply it expects does (the next step, the commands sent on the way, the status
 * reached), and the step that compensates it after its last attempt; a compensating step has none and
 * is asked until answered, since money that is held must be given back. A reply the pledge's step does
 * not expect (stale, repeated, the answer to a command already compensated) changes nothing. A refusal
 * (insufficient funds, a claim's rejection) becomes the pledge's rejection reason, unless it has one.
 */
final class SagaTable {

    /** What an expected reply does: the next step, what is sent on the way, and the status reached (null: unchanged). */
    record Transition(SagaStep next, List<SagaCommand> sends, @Nullable PledgeStatus status) {
    }

    /**
     * One step: the commands it waits on, its transitions by reply, and the step that compensates it
     * after the last attempt (empty: asked until answered).
     */
    record Row(SagaStep step, List<SagaCommand> asks, Map<SagaReply.Kind, Transition> on, Optional<SagaStep> compensation) {
    }

    private static final Map<SagaStep, Row> ROWS = table(
            row(RESERVE_CLAIM, asks(RESERVE, CLAIM), compensatedBy(REVOKING),
                    on(RESERVED, CLAIMING, sends()),              // the claim is asked already
                    on(CLAIMED, RESERVING, sends()),              // the reserve is asked already
                    on(NOT_RESERVED, REVOKING, sends(REVOKE)),    // the claim may have been made
                    on(CLAIM_REJECTED, RELEASING, sends(RELEASE))), // the funds may be held
            row(RESERVING, asks(RESERVE), compensatedBy(REVOKING),
                    on(RESERVED, DONE, sends(), PledgeStatus.CONFIRMED),
                    on(NOT_RESERVED, REVOKING, sends(REVOKE))),
            row(CLAIMING, asks(CLAIM), compensatedBy(REVOKING),
                    on(CLAIMED, DONE, sends(), PledgeStatus.CONFIRMED),
                    on(CLAIM_REJECTED, RELEASING, sends(RELEASE))),
            row(REVOKING, asks(REVOKE), askedUntilAnswered(),
                    on(UNCLAIMED, RELEASING, sends(RELEASE)),
                    on(UNCLAIM_REFUSED, RELEASING, sends(RELEASE))), // nothing was claimed
            row(RELEASING, asks(RELEASE), askedUntilAnswered(),
                    on(RELEASED, DONE, sends(), PledgeStatus.REJECTED)),
            // a CONFIRMED pledge's cancellation: DONE -> UNCLAIMING, sending UNCLAIM
            row(UNCLAIMING, asks(UNCLAIM), askedUntilAnswered(),
                    on(UNCLAIMED, REFUNDING, sends(REFUND)),
                    on(UNCLAIM_REFUSED, DONE, sends())),          // the campaign keeps it: still CONFIRMED
            row(REFUNDING, asks(REFUND), askedUntilAnswered(),
                    on(REFUNDED, DONE, sends(), PledgeStatus.REFUNDED)),
            row(DONE, asks(), askedUntilAnswered()));

    private SagaTable() {
    }

    static Row row(SagaStep step) {
        return ROWS.get(step);
    }

    static Map<SagaStep, Row> rows() {
        return ROWS;
    }

    private static Map<SagaStep, Row> table(Row... rows) {
        Map<SagaStep, Row> table = new EnumMap<>(SagaStep.class);
        for (Row row : rows) {
            if (table.put(row.step(), row) != null) {
                throw new IllegalStateException("Two rows for " + row.step());
            }
        }
        if (table.size() != SagaStep.values().length) {
            throw new IllegalStateException("A row for every step");
        }
        return Collections.unmodifiableMap(table);
    }

    private static Row row(SagaStep step, List<SagaCommand> asks, Optional<SagaStep> compensation, On... transitions) {
        Map<SagaReply.Kind, Transition> on = new EnumMap<>(SagaReply.Kind.class);
        for (On transition : transitions) {
            on.put(transition.reply(), transition.transition());
        }
        return new Row(step, asks, Collections.unmodifiableMap(on), compensation);
    }

    private record On(SagaReply.Kind reply, Transition transition) {
    }

    private static List<SagaCommand> asks(SagaCommand... commands) {
        return List.of(commands);
    }

    private static List<SagaCommand> sends(SagaCommand... commands) {
        return List.of(commands);
    }

    private static Optional<SagaStep> compensatedBy(SagaStep step) {
        return Optional.of(step);
    }

    private static Optional<SagaStep> askedUntilAnswered() {
        return Optional.empty();
    }

    private static On on(SagaReply.Kind reply, SagaStep next, List<SagaCommand> sends) {
        return new On(reply, new Transition(next, sends, null));
    }

    private static On on(SagaReply.Kind reply, SagaStep next, List<SagaCommand> sends, PledgeStatus status) {
        return new On(reply, new Transition(next, sends, status));
    }
}
