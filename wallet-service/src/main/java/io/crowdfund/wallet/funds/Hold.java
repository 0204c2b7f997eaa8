package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A pledge's hold on its backer's money, one per pledge: whatever the saga asks twice, a pledge
 * holds at most once and is given back at most once.
 */
final class Hold {

    private final UUID pledgeId;
    private final UUID userId;
    private final UUID campaignId;
    private final BigDecimal amount;
    private HoldStatus status;
    private final boolean fresh;
    private boolean changed;

    Hold(UUID pledgeId, UUID userId, UUID campaignId, BigDecimal amount, HoldStatus status) {
        this(pledgeId, userId, campaignId, amount, status, false);
    }

    private Hold(UUID pledgeId, UUID userId, UUID campaignId, BigDecimal amount, HoldStatus status, boolean fresh) {
        this.pledgeId = pledgeId;
        this.userId = userId;
        this.campaignId = campaignId;
        this.amount = amount;
        this.status = status;
        this.fresh = fresh;
    }

    static Hold held(UUID pledgeId, UUID userId, UUID campaignId, BigDecimal amount) {
        return new Hold(pledgeId, userId, campaignId, amount, HoldStatus.HELD, true);
    }

    static Hold failed(UUID pledgeId, UUID userId, UUID campaignId, BigDecimal amount) {
        return new Hold(pledgeId, userId, campaignId, amount, HoldStatus.FAILED, true);
    }

    /** The release came before the reserve: nothing may be held for this pledge any more. */
    static Hold releasedBeforeReserve(UUID pledgeId, UUID userId, UUID campaignId) {
        return new Hold(pledgeId, userId, campaignId, BigDecimal.ZERO.setScale(2), HoldStatus.RELEASED, true);
    }

    /** Ends a live hold; the wallet gives the amount back. */
    void end(HoldStatus outcome) {
        if (status != HoldStatus.HELD) {
            throw new IllegalStateException("Hold of pledge " + pledgeId + " is " + status + ", not HELD");
        }
        if (outcome != HoldStatus.RELEASED && outcome != HoldStatus.REFUNDED) {
            throw new IllegalArgumentException("A hold is given back as RELEASED or REFUNDED, not " + outcome);
        }
        status = outcome;
        changed = true;
    }

    public UUID pledgeId() {
        return pledgeId;
    }

    public UUID userId() {
        return userId;
    }

    public UUID campaignId() {
        return campaignId;
    }

    public BigDecimal amount() {
        return amount;
    }

    public HoldStatus status() {
        return status;
    }

    boolean fresh() {
        return fresh;
    }

    boolean changed() {
        return changed;
    }
}
