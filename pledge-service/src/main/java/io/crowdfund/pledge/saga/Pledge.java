package io.crowdfund.pledge.saga;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.crowdfund.messaging.Ids;

/**
 * A pledge and where its saga stands. A reply moves it only from a step whose row of
 * {@link SagaTable} expects it; a stale or repeated reply changes nothing.
 */
public final class Pledge {

    private final UUID id;
    private final UUID campaignId;
    private final UUID backerId;
    private final BigDecimal amount;
    private final UUID rewardTierId;
    private PledgeStatus status;
    private SagaStep step;
    private PledgeRejection rejectionReason;
    private int attempts;
    private Instant stepStartedAt;
    private UUID ownerId;
    private BigDecimal campaignFunds;
    private Integer backerCount;
    private final String idempotencyKey;
    private final String requestHash;
    private final Instant createdAt;
    private Instant updatedAt;
    private boolean changed;

    Pledge(UUID id, UUID campaignId, UUID backerId, BigDecimal amount, UUID rewardTierId, PledgeStatus status, SagaStep step,
            PledgeRejection rejectionReason, int attempts, Instant stepStartedAt, UUID ownerId, BigDecimal campaignFunds, Integer backerCount,
            String idempotencyKey, String requestHash, Instant createdAt, Instant updatedAt) {
        this.id = id;
        this.campaignId = campaignId;
        this.backerId = backerId;
        this.amount = amount;
        this.rewardTierId = rewardTierId;
        this.status = status;
        this.step = step;
        this.rejectionReason = rejectionReason;
        this.attempts = attempts;
        this.stepStartedAt = stepStartedAt;
        this.ownerId = ownerId;
        this.campaignFunds = campaignFunds;
        this.backerCount = backerCount;
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    static Pledge request(UUID backerId, UUID campaignId, BigDecimal amount, UUID rewardTierId, String idempotencyKey, String requestHash,
            Instant now) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("A pledge's amount is positive");
        }
        return new Pledge(Ids.next(), campaignId, backerId, amount, rewardTierId, PledgeStatus.PENDING, SagaStep.RESERVE_CLAIM, null, 1,
                now, null, null, null, idempotencyKey, requestHash, now, now);
    }

    /**
     * Moves the pledge on a participant's reply as its step's row of {@link SagaTable} says; empty,
     * and nothing changed, for a reply its step does not expect.
     */
    Optional<SagaTable.Transition> on(SagaReply reply, Instant now) {
        Optional<SagaTable.Transition> expected = Optional.ofNullable(SagaTable.row(step).on().get(reply.kind()));
        expected.ifPresent(transition -> {
            if (rejectionReason == null) {
                rejectionReason = reply.refusal();
            }
            if (reply.ownerId() != null) {
                ownerId = reply.ownerId();
            }
            if (reply.campaignFunds() != null) {
                campaignFunds = reply.campaignFunds();
                backerCount = reply.backerCount();
            }
            move(transition.next(), now);
            if (transition.status() != null) {
                status = transition.status();
            }
        });
        return expected;
    }

    /** The backer cancels a confirmed pledge: what to send. */
    List<SagaCommand> cancel(Instant now) {
        if (status != PledgeStatus.CONFIRMED || step != SagaStep.DONE) {
            throw new PledgeNotCancellable(id, "it is " + status + (step == SagaStep.DONE ? "" : " and still moving"));
        }
        move(SagaStep.UNCLAIMING, now);
        return SagaTable.row(step).asks();
    }

    /**
     * The step waited too long: asked again, or after the last attempt of a step that has a
     * compensation, compensated ({@code TIMED_OUT}). Compensating steps are asked until answered:
     * money that is held must be given back. What to send.
     */
    List<SagaCommand> timedOut(int maxAttempts, Instant now) {
        Optional<SagaStep> compensation = SagaTable.row(step).compensation();
        if (attempts < maxAttempts || compensation.isEmpty()) {
            attempts++;
            stepStartedAt = now;
            touch(now);
        } else {
            rejectionReason = PledgeRejection.TIMED_OUT;
            move(compensation.get(), now);
        }
        return SagaTable.row(step).asks();
    }

    private void move(SagaStep to, Instant now) {
        step = to;
        attempts = 1;
        stepStartedAt = now;
        touch(now);
    }

    private void touch(Instant now) {
        updatedAt = now;
        changed = true;
    }

    public UUID id() { return id; }
    public UUID campaignId() { return campaignId; }
    public UUID backerId() { return backerId; }
    public BigDecimal amount() { return amount; }
    public UUID rewardTierId() { return rewardTierId; }
    public PledgeStatus status() { return status; }
    public SagaStep step() { return step; }
    public PledgeRejection rejectionReason() { return rejectionReason; }
    public int attempts() { return attempts; }
    Instant stepStartedAt() { return stepStartedAt; }
    public UUID ownerId() { return ownerId; }
    public BigDecimal campaignFunds() { return campaignFunds; }
    public Integer backerCount() { return backerCount; }
    public String idempotencyKey() { return idempotencyKey; }
    String requestHash() { return requestHash; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    boolean changed() { return changed; }
}
