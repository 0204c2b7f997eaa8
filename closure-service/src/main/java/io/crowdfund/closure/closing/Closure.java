package io.crowdfund.closure.closing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.crowdfund.contracts.campaign.CampaignOutcome;

/**
 * One campaign's way from its deadline to settled: SCHEDULED → CLOSING (campaign-service asked to
 * close) → SETTLING (closed: pledges, then money settled) → SETTLED. Each step happens once, however
 * often an event about it arrives. While closing or settling it waits on one participant's
 * {@link Step}; when it stops moving, that participant is asked again.
 */
public final class Closure {

    /** What a closing or settling closure waits for, and from whom. */
    public enum Step {
        /** campaign-service to close the campaign. */
        CLOSE_CAMPAIGN,
        /** pledge-service to settle the campaign's pledges. */
        SETTLE_PLEDGES,
        /** wallet-service to settle the campaign's holds and pay its owner. */
        SETTLE_FUNDS
    }

    private final UUID campaignId;
    private final UUID ownerId;
    private Instant deadline;
    private ClosureState state;
    private CampaignOutcome outcome;
    private long pledgesSettled;
    private BigDecimal amountRefunded;
    private BigDecimal amountPaidOut;
    private BigDecimal fee;
    private Instant closeAskedAt;
    private Instant closedAt;
    private Instant pledgesSettledAt;
    private Instant settledAt;
    private Instant progressedAt;
    private int reasks;
    private Instant reaskedAt;

    Closure(UUID campaignId, UUID ownerId, Instant deadline, ClosureState state, CampaignOutcome outcome, long pledgesSettled,
            BigDecimal amountRefunded, BigDecimal amountPaidOut, BigDecimal fee, Instant closeAskedAt, Instant closedAt,
            Instant pledgesSettledAt, Instant settledAt, Instant progressedAt, int reasks, Instant reaskedAt) {
        this.campaignId = campaignId;
        this.ownerId = ownerId;
        this.deadline = deadline;
        this.state = state;
        this.outcome = outcome;
        this.pledgesSettled = pledgesSettled;
        this.amountRefunded = amountRefunded;
        this.amountPaidOut = amountPaidOut;
        this.fee = fee;
        this.closeAskedAt = closeAskedAt;
        this.closedAt = closedAt;
        this.pledgesSettledAt = pledgesSettledAt;
        this.settledAt = settledAt;
        this.progressedAt = progressedAt;
        this.reasks = reasks;
        this.reaskedAt = reaskedAt;
    }

    static Closure schedule(UUID campaignId, UUID ownerId, Instant deadline, Instant now) {
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        return new Closure(campaignId, ownerId, deadline, ClosureState.SCHEDULED, null, 0, zero, zero, zero, null, null, null, null,
                now, 0, null);
    }

    /** A new deadline counts only while the campaign is still scheduled. */
    void reschedule(Instant newDeadline) {
        if (state == ClosureState.SCHEDULED) {
            deadline = newDeadline;
        }
    }

    /** Asks (an operator: or asks again) campaign-service to close; false if it is past that. */
    boolean close(Instant now) {
        if (state != ClosureState.SCHEDULED && state != ClosureState.CLOSING) {
            return false;
        }
        state = ClosureState.CLOSING;
        closeAskedAt = now;
        progressedAt = now;
        return true;
    }

    /** campaign-service closed it; true the first time, when its pledges are to be settled. */
    boolean closed(CampaignOutcome campaignOutcome, Instant at, Instant now) {
        if (state == ClosureState.SETTLING || state == ClosureState.SETTLED) {
            return false;
        }
        state = ClosureState.SETTLING;
        outcome = campaignOutcome;
        closedAt = at;
        progressedAt = now;
        return true;
    }

    /** pledge-service settled the pledges; true the first time, when the money is to be settled. */
    boolean pledgesSettled(long count, Instant now) {
        if (state != ClosureState.SETTLING || pledgesSettledAt != null) {
            return false;
        }
        pledgesSettled = count;
        pledgesSettledAt = now;
        progressedAt = now;
        return true;
    }

    /** Money settled so far (a successful campaign's payout comes with the end); true if it counts as progress. */
    boolean moneyProgress(BigDecimal amount, Instant now) {
        if (state != ClosureState.SETTLING) {
            return false;
        }
        if (outcome == CampaignOutcome.FAILED) {
            amountRefunded = amount;
        }
        progressedAt = now;
        return true;
    }

    /** The money is settled: the closure is done; true the first time. */
    boolean settled(BigDecimal amount, BigDecimal platformFee, BigDecimal paidOut, Instant now) {
        if (state != ClosureState.SETTLING) {
            return false;
        }
        if (outcome == CampaignOutcome.FAILED) {
            amountRefunded = amount;
        } else {
            amountPaidOut = paidOut;
            fee = platformFee;
        }
        state = ClosureState.SETTLED;
        settledAt = now;
        progressedAt = now;
        return true;
    }

    /** The step this closure waits on; empty while it is scheduled or once it is settled. */
    public Optional<Step> awaiting() {
        return switch (state) {
            case CLOSING -> Optional.of(Step.CLOSE_CAMPAIGN);
            case SETTLING -> Optional.of(pledgesSettledAt == null ? Step.SETTLE_PLEDGES : Step.SETTLE_FUNDS);
            case SCHEDULED, SETTLED -> Optional.empty();
        };
    }

    /** Whether it has waited on a participant for at least {@code patience} since it last moved and since it last asked again. */
    boolean stalled(Instant now, Duration patience) {
        Instant waitingSince = reaskedAt != null && reaskedAt.isAfter(progressedAt) ? reaskedAt : progressedAt;
        return awaiting().isPresent() && !waitingSince.plus(patience).isAfter(now);
    }

    /** Records that the participant it waits on is asked again; returns the step asked for. */
    Step reask(Instant now) {
        Step step = awaiting().orElseThrow(() -> new IllegalStateException("The closure of " + campaignId + " waits on nobody: " + state));
        reasks++;
        reaskedAt = now;
        if (step == Step.CLOSE_CAMPAIGN) {
            closeAskedAt = now;
        }
        return step;
    }

    public UUID campaignId() { return campaignId; }
    public UUID ownerId() { return ownerId; }
    public Instant deadline() { return deadline; }
    public ClosureState state() { return state; }
    public CampaignOutcome outcome() { return outcome; }
    public long pledgesSettled() { return pledgesSettled; }
    public BigDecimal amountRefunded() { return amountRefunded; }
    public BigDecimal amountPaidOut() { return amountPaidOut; }
    public BigDecimal fee() { return fee; }
    Instant closeAskedAt() { return closeAskedAt; }
    public Instant closedAt() { return closedAt; }
    Instant pledgesSettledAt() { return pledgesSettledAt; }
    public Instant settledAt() { return settledAt; }
    /** When it last moved: a state change or a progress event. */
    public Instant progressedAt() { return progressedAt; }
    /** How often a participant was asked again because it stopped moving. */
    public int reasks() { return reasks; }
    public Instant reaskedAt() { return reaskedAt; }
}
