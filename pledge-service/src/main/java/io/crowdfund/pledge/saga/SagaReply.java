package io.crowdfund.pledge.saga;

import java.math.BigDecimal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.crowdfund.contracts.campaign.ClaimRejected;
import io.crowdfund.contracts.campaign.PledgeClaimed;
import io.crowdfund.contracts.campaign.PledgeUnclaimed;
import io.crowdfund.contracts.campaign.UnclaimRefused;
import io.crowdfund.contracts.wallet.FundsAlreadyCaptured;
import io.crowdfund.contracts.wallet.FundsNotReserved;
import io.crowdfund.contracts.wallet.FundsRefunded;
import io.crowdfund.contracts.wallet.FundsReleased;
import io.crowdfund.contracts.wallet.FundsReserved;

/**
 * A participant's reply as the saga reads it: its kind, the refusal it carries (the pledge's
 * rejection reason if it ends rejected) and the campaign's figures a claim or unclaim reports.
 */
record SagaReply(Kind kind, UUID pledgeId, @Nullable PledgeRejection refusal, @Nullable UUID ownerId, @Nullable BigDecimal campaignFunds,
        @Nullable Integer backerCount) {

    enum Kind {
        RESERVED, NOT_RESERVED, CLAIMED, CLAIM_REJECTED, UNCLAIMED, UNCLAIM_REFUSED, RELEASED, REFUNDED,
        /** The hold was paid out already: no step expects it (settlement has taken the money). */
        ALREADY_CAPTURED
    }

    /** The reply a message from wallet- or campaign-service carries. */
    static SagaReply of(Object payload) {
        return switch (payload) {
            case FundsReserved r -> plain(Kind.RESERVED, r.pledgeId());
            // also ALREADY_RELEASED, which only a pledge that is being compensated can meet
            case FundsNotReserved r -> new SagaReply(Kind.NOT_RESERVED, r.pledgeId(), PledgeRejection.INSUFFICIENT_FUNDS, null, null, null);
            case FundsReleased r -> plain(Kind.RELEASED, r.pledgeId());
            case FundsRefunded r -> plain(Kind.REFUNDED, r.pledgeId());
            case FundsAlreadyCaptured r -> plain(Kind.ALREADY_CAPTURED, r.pledgeId());
            case PledgeClaimed r -> new SagaReply(Kind.CLAIMED, r.pledgeId(), null, r.ownerId(), r.campaignFunds(), r.backerCount());
            case ClaimRejected r -> new SagaReply(Kind.CLAIM_REJECTED, r.pledgeId(), PledgeRejection.of(r.reason()), null, null, null);
            case PledgeUnclaimed r -> new SagaReply(Kind.UNCLAIMED, r.pledgeId(), null, null, r.campaignFunds(), r.backerCount());
            case UnclaimRefused r -> plain(Kind.UNCLAIM_REFUSED, r.pledgeId());
            default -> throw new IllegalArgumentException("pledge-service does not expect " + payload.getClass().getSimpleName());
        };
    }

    private static SagaReply plain(Kind kind, UUID pledgeId) {
        return new SagaReply(kind, pledgeId, null, null, null, null);
    }
}
