package io.crowdfund.campaign.claim;

import java.math.BigDecimal;
import java.util.UUID;

import io.crowdfund.contracts.campaign.ClaimRejection;

/** What campaign-service answered for one pledge, remembered so a re-asked claim gets the same answer. */
final class Claim {

    enum Status { CLAIMED, REJECTED, UNCLAIMED }

    private final UUID pledgeId;
    private final UUID campaignId;
    private final UUID backerId;
    private final UUID rewardTierId;
    private final BigDecimal amount;
    private Status status;
    private final ClaimRejection reason;
    private final boolean fresh;
    private boolean changed;

    Claim(UUID pledgeId, UUID campaignId, UUID backerId, UUID rewardTierId, BigDecimal amount, Status status, ClaimRejection reason,
            boolean fresh) {
        this.pledgeId = pledgeId;
        this.campaignId = campaignId;
        this.backerId = backerId;
        this.rewardTierId = rewardTierId;
        this.amount = amount;
        this.status = status;
        this.reason = reason;
        this.fresh = fresh;
    }

    void unclaim() {
        if (status != Status.CLAIMED) {
            throw new IllegalStateException("Pledge " + pledgeId + " is " + status + ", not CLAIMED");
        }
        status = Status.UNCLAIMED;
        changed = true;
    }

    UUID pledgeId() { return pledgeId; }
    UUID campaignId() { return campaignId; }
    UUID backerId() { return backerId; }
    UUID rewardTierId() { return rewardTierId; }
    BigDecimal amount() { return amount; }
    Status status() { return status; }
    ClaimRejection reason() { return reason; }
    boolean fresh() { return fresh; }
    boolean changed() { return changed; }
}
