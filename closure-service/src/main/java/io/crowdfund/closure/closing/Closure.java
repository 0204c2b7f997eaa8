package io.crowdfund.closure.closing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.crowdfund.contracts.campaign.CampaignOutcome;

/**
 * One campaign's way from its deadline to settled: SCHEDULED → CLOSING (campaign-service asked to
 * close) → SETTLING (closed: pledges, then money settled) → SETTLED. Each step happens once, however
 * often an event about it arrives.
 */
public final class Closure {

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

    Closure(UUID campaignId, UUID ownerId, Instant deadline, ClosureState state, CampaignOutcome outcome, long pledgesSettled,
            BigDecimal amountRefunded, BigDecimal amountPaidOut, BigDecimal fee, Instant closeAskedAt, Instant closedAt,
            Instant pledgesSettledAt, Instant settledAt) {
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
    }

    static Closure schedule(UUID campaignId, UUID ownerId, Instant deadline) {
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        return new Closure(campaignId, ownerId, deadline, ClosureState.SCHEDULED, null, 0, zero, zero, zero, null, null, null, null);
    }

    /** A new deadline counts only while the campaign is still scheduled. */
    void reschedule(Instant newDeadline) {
        if (state == ClosureState.SCHEDULED) {
            deadline = newDeadline;
        }
    }

    /** Asks (or asks again) campaign-service to close; false if it is past that. */
    boolean close(Instant now) {
        if (state != ClosureState.SCHEDULED && state != ClosureState.CLOSING) {
            return false;
        }
        state = ClosureState.CLOSING;
        closeAskedAt = now;
        return true;
    }

    /** campaign-service closed it; true the first time, when its pledges are to be settled. */
    boolean closed(CampaignOutcome campaignOutcome, Instant at) {
        if (state == ClosureState.SETTLING || state == ClosureState.SETTLED) {
            return false;
        }
        state = ClosureState.SETTLING;
        outcome = campaignOutcome;
        closedAt = at;
        return true;
    }

    /** pledge-service settled the pledges; true the first time, when the money is to be settled. */
    boolean pledgesSettled(long count, Instant at) {
        if (state != ClosureState.SETTLING || pledgesSettledAt != null) {
            return false;
        }
        pledgesSettled = count;
        pledgesSettledAt = at;
        return true;
    }

    /** Money settled so far (a successful campaign's payout comes with the end). */
    void moneyProgress(BigDecimal amount) {
        if (state == ClosureState.SETTLING && outcome == CampaignOutcome.FAILED) {
            amountRefunded = amount;
        }
    }

    /** The money is settled: the closure is done; true the first time. */
    boolean settled(BigDecimal amount, BigDecimal platformFee, BigDecimal paidOut, Instant at) {
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
        settledAt = at;
        return true;
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
    public Instant closeAskedAt() { return closeAskedAt; }
    public Instant closedAt() { return closedAt; }
    public Instant pledgesSettledAt() { return pledgesSettledAt; }
    public Instant settledAt() { return settledAt; }
}
