package io.crowdfund.pledge.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.crowdfund.contracts.campaign.ClaimRejected;
import io.crowdfund.contracts.campaign.ClaimRejection;
import io.crowdfund.contracts.campaign.PledgeClaimed;
import io.crowdfund.contracts.campaign.PledgeUnclaimed;
import io.crowdfund.contracts.campaign.UnclaimRefused;
import io.crowdfund.contracts.wallet.FundsAlreadyCaptured;
import io.crowdfund.contracts.wallet.FundsNotReserved;
import io.crowdfund.contracts.wallet.FundsRefunded;
import io.crowdfund.contracts.wallet.FundsReleased;
import io.crowdfund.contracts.wallet.FundsReserved;
import io.crowdfund.pledge.saga.SagaReply.Kind;
import io.crowdfund.pledge.saga.SagaTable.Row;
import io.crowdfund.pledge.saga.SagaTable.Transition;

/** The saga's table, walked row by row and path by path, with no infrastructure. */
class SagaTableTests {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(31);
    private static final int MAX_ATTEMPTS = 3;

    @Test
    void everyRowMovesAPledgeOnTheRepliesItExpectsAndIgnoresTheRest() {
        for (Row row : SagaTable.rows().values()) {
            for (Kind kind : Kind.values()) {
                Pledge pledge = at(row.step(), PledgeStatus.PENDING);
                SagaReply reply = reply(kind, pledge);
                Optional<Transition> moved = pledge.on(reply, LATER);
                Transition expected = row.on().get(kind);
                String where = row.step() + " on " + kind;
                if (expected == null) {
                    assertThat(moved).as(where).isEmpty();
                    assertThat(pledge.changed()).as(where + " changes nothing").isFalse();
                    assertThat(pledge.step()).as(where).isEqualTo(row.step());
                    continue;
                }
                assertThat(moved).as(where).contains(expected);
                assertThat(pledge.step()).as(where).isEqualTo(expected.next());
                assertThat(pledge.status()).as(where).isEqualTo(expected.status() == null ? PledgeStatus.PENDING : expected.status());
                assertThat(pledge.rejectionReason()).as(where + ": a refusal is the reason").isEqualTo(reply.refusal());
                assertThat(pledge.attempts()).as(where + ": a new step's first attempt").isEqualTo(1);
                assertThat(pledge.stepStartedAt()).isEqualTo(LATER);
                assertThat(pledge.updatedAt()).isEqualTo(LATER);
            }
        }
    }

    @Test
    void everyMoveSendsWhatItsNextStepWaitsOnUnlessThatWasAskedAlready() {
        for (Row row : SagaTable.rows().values()) {
            for (var entry : row.on().entrySet()) {
                Transition transition = entry.getValue();
                List<SagaCommand> nextAsks = SagaTable.row(transition.next()).asks();
                if (transition.sends().isEmpty()) {
                    assertThat(row.asks()).as(row.step() + " on " + entry.getKey() + ": the next step's commands went out with this one's")
                            .containsAll(nextAsks);
                } else {
                    assertThat(transition.sends()).as(row.step() + " on " + entry.getKey()).isEqualTo(nextAsks);
                }
            }
        }
    }

    @Test
    void aPledgeAsksReserveAndClaimAtOnce() {
        Pledge pledge = Pledge.request(UUID.randomUUID(), UUID.randomUUID(), new BigDecimal("25.00"), null, null, "hash", NOW);
        assertThat(pledge.step()).isEqualTo(SagaStep.RESERVE_CLAIM);
        assertThat(SagaTable.row(pledge.step()).asks()).containsExactly(SagaCommand.RESERVE, SagaCommand.CLAIM);
    }

    @Test
    void repliesInEitherOrderConfirm() {
        for (List<Kind> order : List.of(List.of(Kind.RESERVED, Kind.CLAIMED), List.of(Kind.CLAIMED, Kind.RESERVED))) {
            Pledge pledge = at(SagaStep.RESERVE_CLAIM, PledgeStatus.PENDING);
            UUID owner = UUID.randomUUID();
            for (Kind kind : order) {
                SagaReply reply = kind == Kind.CLAIMED ? SagaReply.of(new PledgeClaimed(pledge.id(), pledge.campaignId(), owner,
                        new BigDecimal("125.00"), 4)) : reply(kind, pledge);
                assertThat(pledge.on(reply, NOW)).as(order.toString()).isPresent();
            }
            assertThat(pledge.status()).isEqualTo(PledgeStatus.CONFIRMED);
            assertThat(pledge.step()).isEqualTo(SagaStep.DONE);
            assertThat(pledge.ownerId()).isEqualTo(owner);
            assertThat(pledge.campaignFunds()).isEqualByComparingTo("125.00");
            assertThat(pledge.backerCount()).isEqualTo(4);
            assertThat(pledge.rejectionReason()).isNull();
        }
    }

    @Test
    void theFirstRefusalIsTheReason() {
        Pledge pledge = at(SagaStep.RESERVE_CLAIM, PledgeStatus.PENDING);
        pledge.on(SagaReply.of(new ClaimRejected(pledge.id(), pledge.campaignId(), ClaimRejection.REWARD_SOLD_OUT)), NOW);
        assertThat(pledge.step()).as("the hold, made or not, is released at once").isEqualTo(SagaStep.RELEASING);
        assertThat(pledge.on(reply(Kind.NOT_RESERVED, pledge), NOW)).as("the reserve's answer is no longer awaited").isEmpty();
        pledge.on(reply(Kind.RELEASED, pledge), NOW);
        assertThat(pledge.status()).isEqualTo(PledgeStatus.REJECTED);
        assertThat(pledge.rejectionReason()).isEqualTo(PledgeRejection.REWARD_SOLD_OUT);
    }

    @Test
    void aForwardStepIsAskedAgainThenCompensatedAndACompensationIsAskedUntilAnswered() {
        for (Row row : SagaTable.rows().values()) {
            if (row.step() == SagaStep.DONE) {
                continue;
            }
            Pledge pledge = at(row.step(), PledgeStatus.PENDING);
            for (int attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
                assertThat(pledge.timedOut(MAX_ATTEMPTS, LATER)).as(row.step() + " asked again").isEqualTo(row.asks());
                assertThat(pledge.attempts()).isEqualTo(attempt);
                assertThat(pledge.step()).isEqualTo(row.step());
            }
            List<SagaCommand> sent = pledge.timedOut(MAX_ATTEMPTS, LATER);
            if (row.compensation().isPresent()) {
                assertThat(pledge.step()).as(row.step() + " compensated").isEqualTo(row.compensation().get());
                assertThat(sent).isEqualTo(SagaTable.row(row.compensation().get()).asks());
                assertThat(pledge.rejectionReason()).isEqualTo(PledgeRejection.TIMED_OUT);
                assertThat(pledge.attempts()).isEqualTo(1);
            } else {
                assertThat(pledge.step()).as(row.step() + " asked until answered").isEqualTo(row.step());
                assertThat(sent).isEqualTo(row.asks());
                assertThat(pledge.attempts()).isEqualTo(MAX_ATTEMPTS + 1);
            }
        }
    }

    @Test
    void onlyAFinishedConfirmedPledgeIsCancelled() {
        for (SagaStep step : SagaStep.values()) {
            for (PledgeStatus status : PledgeStatus.values()) {
                Pledge pledge = at(step, status);
                if (step == SagaStep.DONE && status == PledgeStatus.CONFIRMED) {
                    assertThat(pledge.cancel(NOW)).containsExactly(SagaCommand.UNCLAIM);
                    assertThat(pledge.step()).isEqualTo(SagaStep.UNCLAIMING);
                } else {
                    assertThatThrownBy(() -> pledge.cancel(NOW)).as(step + " " + status).isInstanceOf(PledgeNotCancellable.class);
                }
            }
        }
    }

    /**
     * Every way through the table (each expected reply, a compensation after the last attempt, a
     * cancellation) ends in DONE, and ends right: a CONFIRMED pledge has its claim made and its funds
     * held; a REJECTED or REFUNDED one has neither, not even possibly.
     */
    @Test
    void everyPathEndsWithTheMoneyAndTheClaimWhereTheStatusSaysTheyAre() {
        record State(SagaStep step, PledgeStatus status, Effect claim, Effect funds) {
        }
        Deque<State> open = new ArrayDeque<>(List.of(new State(SagaStep.RESERVE_CLAIM, PledgeStatus.PENDING, Effect.MAYBE, Effect.MAYBE)));
        Set<State> seen = new HashSet<>(open);
        Set<SagaStep> visited = EnumSet.noneOf(SagaStep.class);
        List<State> ends = new ArrayList<>();
        while (!open.isEmpty()) {
            State state = open.pop();
            visited.add(state.step());
            Row row = SagaTable.row(state.step());
            List<State> next = new ArrayList<>();
            for (Map.Entry<Kind, Transition> on : row.on().entrySet()) {
                Transition t = on.getValue();
                Effect claim = sent(t.sends(), SagaCommand.CLAIM, after(state.step(), on.getKey(), Effect.Of.CLAIM, state.claim()));
                Effect funds = sent(t.sends(), SagaCommand.RESERVE, after(state.step(), on.getKey(), Effect.Of.FUNDS, state.funds()));
                next.add(new State(t.next(), t.status() == null ? state.status() : t.status(), claim, funds));
            }
            row.compensation().ifPresent(step -> next.add(new State(step, state.status(), state.claim(), state.funds())));
            if (state.step() == SagaStep.DONE) {
                ends.add(state);
                if (state.status() == PledgeStatus.CONFIRMED) {
                    next.add(new State(SagaStep.UNCLAIMING, state.status(), state.claim(), state.funds()));
                }
            }
            assertThat(state.step() == SagaStep.DONE || !next.isEmpty()).as(state + " leads on").isTrue();
            next.stream().filter(seen::add).forEach(open::push);
        }
        assertThat(visited).as("every step is reached").containsExactlyInAnyOrder(SagaStep.values());
        assertThat(ends).extracting(State::status).contains(PledgeStatus.CONFIRMED, PledgeStatus.REJECTED, PledgeStatus.REFUNDED);
        for (State end : ends) {
            if (end.status() == PledgeStatus.CONFIRMED) {
                assertThat(end).as("confirmed: claimed and held").isEqualTo(new State(SagaStep.DONE, end.status(), Effect.YES, Effect.YES));
            } else {
                assertThat(end).as("not counting: nothing claimed or held").isEqualTo(new State(SagaStep.DONE, end.status(), Effect.NO, Effect.NO));
            }
        }
    }

    /** Whether a participant's effect (a claim, a hold) is in place, as far as the saga knows. */
    private enum Effect {
        NO, MAYBE, YES;

        enum Of { CLAIM, FUNDS }
    }

    /** What a reply tells of an effect: a participant answers in the order it was asked, so a compensation's answer means it is undone. */
    private static Effect after(SagaStep step, Kind reply, Effect.Of of, Effect before) {
        return switch (reply) {
            case CLAIMED -> of == Effect.Of.CLAIM ? Effect.YES : before;
            case CLAIM_REJECTED, UNCLAIMED -> of == Effect.Of.CLAIM ? Effect.NO : before;
            // campaign-service refuses a revoke only when nothing is claimed, and a backer's cancellation as it sees fit
            case UNCLAIM_REFUSED -> of == Effect.Of.CLAIM && step == SagaStep.REVOKING ? Effect.NO : before;
            case RESERVED -> of == Effect.Of.FUNDS ? Effect.YES : before;
            case NOT_RESERVED, RELEASED, REFUNDED -> of == Effect.Of.FUNDS ? Effect.NO : before;
            case ALREADY_CAPTURED -> before;
        };
    }

    /** Sending the command that makes an effect makes it possible. */
    private static Effect sent(List<SagaCommand> sends, SagaCommand makes, Effect before) {
        return sends.contains(makes) && before == Effect.NO ? Effect.MAYBE : before;
    }

    private static Pledge at(SagaStep step, PledgeStatus status) {
        return new Pledge(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), new BigDecimal("25.00"), null, status, step, null, 1, NOW,
                null, null, null, null, "hash", NOW, NOW);
    }

    private static SagaReply reply(Kind kind, Pledge p) {
        UUID id = p.id();
        BigDecimal amount = p.amount();
        return SagaReply.of(switch (kind) {
            case RESERVED -> new FundsReserved(id, p.backerId(), amount);
            case NOT_RESERVED -> new FundsNotReserved(id, p.backerId(), FundsNotReserved.Reason.INSUFFICIENT_FUNDS);
            case CLAIMED -> new PledgeClaimed(id, p.campaignId(), UUID.randomUUID(), amount, 1);
            case CLAIM_REJECTED -> new ClaimRejected(id, p.campaignId(), ClaimRejection.CAMPAIGN_NOT_ACTIVE);
            case UNCLAIMED -> new PledgeUnclaimed(id, p.campaignId(), BigDecimal.ZERO, 0);
            case UNCLAIM_REFUSED -> new UnclaimRefused(id, p.campaignId(), UnclaimRefused.Reason.NOT_CLAIMED);
            case RELEASED -> new FundsReleased(id, p.backerId(), amount);
            case REFUNDED -> new FundsRefunded(id, p.backerId(), amount);
            case ALREADY_CAPTURED -> new FundsAlreadyCaptured(id, p.backerId());
        });
    }
}
