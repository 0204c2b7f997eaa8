package io.crowdfund.pledge.saga;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.crowdfund.messaging.Ids;

/**
 * A pledge and where its saga stands. Each reply moves it only from the step that expects it
 * ({@link #expects}); a stale or repeated reply finds another step and changes nothing.
 */
public final class Pledge {

    /** Why a pledge was rejected beyond the participants' reasons. */
    public static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";
    public static final String TIMED_OUT = "TIMED_OUT";

    private final UUID id;
    private final UUID campaignId;
    private final UUID backerId;
    private final BigDecimal amount;
    private final UUID rewardTierId;
    private PledgeStatus status;
    private SagaStep step;
    private String rejectionReason;
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
            String rejectionReason, int attempts, Instant stepStartedAt, UUID ownerId, BigDecimal campaignFunds, Integer backerCount,
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
        return new Pledge(Ids.next(), campaignId, backerId, amount, rewardTierId, PledgeStatus.PENDING, SagaStep.RESERVING, null, 1,
                now, null, null, null, idempotencyKey, requestHash, now, now);
    }

    boolean expects(SagaStep expected) {
        return step == expected;
    }

    void fundsReserved(Instant now) {
        move(SagaStep.RESERVING, SagaStep.CLAIMING, now);
    }

    /** Nothing was held; if the saga had not given up already the backer lacked the funds. */
    void fundsNotReserved(Instant now) {
        move(SagaStep.RESERVING, SagaStep.DONE, now);
        status = PledgeStatus.REJECTED;
        rejectionReason = rejectionReason == null ? INSUFFICIENT_FUNDS : rejectionReason;
    }

    void claimed(UUID owner, BigDecimal funds, int backers, Instant now) {
        move(SagaStep.CLAIMING, SagaStep.DONE, now);
        status = PledgeStatus.CONFIRMED;
        ownerId = owner;
        campaignFunds = funds;
        backerCount = backers;
    }

    void claimRejected(String reason, Instant now) {
        move(SagaStep.CLAIMING, SagaStep.RELEASING, now);
        rejectionReason = reason;
    }

    void revoked(Instant now) {
        move(SagaStep.REVOKING, SagaStep.RELEASING, now);
    }

    void released(Instant now) {
        move(SagaStep.RELEASING, SagaStep.DONE, now);
        status = PledgeStatus.REJECTED;
    }

    /** The backer cancels a confirmed pledge. */
    void cancel(Instant now) {
        if (status != PledgeStatus.CONFIRMED || step != SagaStep.DONE) {
            throw new PledgeNotCancellable(id, "it is " + status + (step == SagaStep.DONE ? "" : " and still moving"));
        }
        move(SagaStep.DONE, SagaStep.UNCLAIMING, now);
    }

    void unclaimed(BigDecimal funds, int backers, Instant now) {
        move(SagaStep.UNCLAIMING, SagaStep.REFUNDING, now);
        campaignFunds = funds;
        backerCount = backers;
    }

    void unclaimRefused(Instant now) {
        move(SagaStep.UNCLAIMING, SagaStep.DONE, now);
    }

    void refunded(Instant now) {
        move(SagaStep.REFUNDING, SagaStep.DONE, now);
        status = PledgeStatus.REFUNDED;
    }

    /**
     * The step waited too long: asked again, or (a forward step, after the last attempt) compensated.
     * Compensating steps are asked until answered: money that is held must be given back.
     */
    void timedOut(int maxAttempts, Instant now) {
        if (attempts < maxAttempts || (step != SagaStep.RESERVING && step != SagaStep.CLAIMING)) {
            attempts++;
            stepStartedAt = now;
            touch(now);
            return;
        }
        rejectionReason = TIMED_OUT;
        move(step, step == SagaStep.RESERVING ? SagaStep.RELEASING : SagaStep.REVOKING, now);
    }

    private void move(SagaStep from, SagaStep to, Instant now) {
        if (step != from) {
            throw new IllegalStateException("Pledge " + id + " is at " + step + ", not " + from);
        }
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
    public String rejectionReason() { return rejectionReason; }
    public int attempts() { return attempts; }
    public Instant stepStartedAt() { return stepStartedAt; }
    public UUID ownerId() { return ownerId; }
    public BigDecimal campaignFunds() { return campaignFunds; }
    public Integer backerCount() { return backerCount; }
    public String idempotencyKey() { return idempotencyKey; }
    public String requestHash() { return requestHash; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    boolean changed() { return changed; }
}
