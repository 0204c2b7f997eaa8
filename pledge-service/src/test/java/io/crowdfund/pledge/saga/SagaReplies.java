package io.crowdfund.pledge.saga;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.crowdfund.contracts.campaign.PledgeClaimed;
import io.crowdfund.contracts.campaign.PledgeUnclaimed;
import io.crowdfund.contracts.campaign.UnclaimRefused;
import io.crowdfund.contracts.wallet.FundsNotReserved;
import io.crowdfund.contracts.wallet.FundsRefunded;
import io.crowdfund.contracts.wallet.FundsReleased;
import io.crowdfund.contracts.wallet.FundsReserved;

/** Moves a new pledge through its saga with the participants' replies, for tests that need finished pledges. */
final class SagaReplies {

    private SagaReplies() {
    }

    /** Reserved and claimed: CONFIRMED. */
    static Pledge confirm(Pledge pledge, Instant at) {
        reply(pledge, new FundsReserved(pledge.id(), pledge.backerId(), pledge.amount()), at);
        reply(pledge, new PledgeClaimed(pledge.id(), pledge.campaignId(), UUID.randomUUID(), pledge.amount(), 1), at);
        return pledge;
    }

    /** Not reserved, its claim revoked, nothing to release: REJECTED for insufficient funds. */
    static Pledge reject(Pledge pledge, Instant at) {
        reply(pledge, new FundsNotReserved(pledge.id(), pledge.backerId(), FundsNotReserved.Reason.INSUFFICIENT_FUNDS), at);
        reply(pledge, new UnclaimRefused(pledge.id(), pledge.campaignId(), UnclaimRefused.Reason.NOT_CLAIMED), at);
        reply(pledge, new FundsReleased(pledge.id(), pledge.backerId(), BigDecimal.ZERO), at);
        return pledge;
    }

    /** Confirmed, then cancelled by its backer: REFUNDED. */
    static Pledge refund(Pledge pledge, Instant at) {
        confirm(pledge, at);
        pledge.cancel(at);
        reply(pledge, new PledgeUnclaimed(pledge.id(), pledge.campaignId(), BigDecimal.ZERO, 0), at);
        reply(pledge, new FundsRefunded(pledge.id(), pledge.backerId(), pledge.amount()), at);
        return pledge;
    }

    private static void reply(Pledge pledge, Object reply, Instant at) {
        if (pledge.on(SagaReply.of(reply), at).isEmpty()) {
            throw new IllegalStateException("Pledge at " + pledge.step() + " does not expect " + reply);
        }
    }
}
